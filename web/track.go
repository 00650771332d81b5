package web

import "net/http"

// TrackFunc answers a request on a public sender's private link
// (/public/track/{token}) for one kind of submission: the submission's id
// has been found from the token, which is passed on for the page's links.
type TrackFunc func(w http.ResponseWriter, r *http.Request, token string, submissionID int64) error

// trackers are the kinds' own handlers of the private link, by kind of
// submission and action ("view", "withdraw").
type trackers map[string]TrackFunc

// OnTrack makes fn the page of a kind's private link: the public site
// finds the submission by its token and hands it to the kind's slice.
func (s *Server) OnTrack(kind string, fn TrackFunc) { s.setTracker(kind+" view", fn) }

// OnWithdraw makes fn what the private link's 取り下げ button does for a
// kind whose withdrawal is more than the submission's state.
func (s *Server) OnWithdraw(kind string, fn TrackFunc) { s.setTracker(kind+" withdraw", fn) }

func (s *Server) setTracker(key string, fn TrackFunc) {
	if s.tracks == nil {
		s.tracks = trackers{}
	}
	s.tracks[key] = fn
}

// Tracker is the handler a kind registered for an action of its private
// link, or nil: the public site's own page then serves it.
func (s *Server) Tracker(kind, action string) TrackFunc { return s.tracks[kind+" "+action] }
