package staffui

import (
	"net/http"

	"hagukumi/staff"
	"hagukumi/web"
)

// listJSON is the answer of GET /api/v1/staff.
type listJSON struct {
	Total  int             `json:"total"`
	Limit  int             `json:"limit"`
	Offset int             `json:"offset"`
	Items  []*staff.Member `json:"items"`
}

// maxLimit is the longest window of the API list; a larger limit is cut
// to it, and the answer's limit says so rather than skipping rows.
const maxLimit = 1000

// apiList answers a window of the staff list (limit, offset and the
// list page's filters).
func (s *ui) apiList(w http.ResponseWriter, r *http.Request) error {
	limit := web.Int(r, "limit")
	if limit == 0 {
		limit = 100
	}
	f, items, total, err := s.loadList(r, min(limit, maxLimit), web.Int(r, "offset"))
	if err != nil {
		return err
	}
	if items == nil {
		items = []*staff.Member{}
	}
	web.JSON(w, http.StatusOK, listJSON{Total: total, Limit: f.Limit, Offset: f.Offset, Items: items})
	return nil
}
