package webtest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Cred says how a request authenticates: a session cookie, an API token,
// or neither.
type Cred struct {
	Session string
	Bearer  string
}

// Anonymous sends no credentials.
var Anonymous = Cred{}

// Cookie and Bearer are the credentials of a fixture account.
func (f *Fixture) Cookie(t testing.TB, login string) Cred { return Cred{Session: f.Session(t, login)} }
func (f *Fixture) Bearer(t testing.TB, login string) Cred { return Cred{Bearer: f.Token(t, login)} }

// Apply adds the credentials to a request.
func (c Cred) Apply(r *http.Request) {
	if c.Session != "" {
		r.AddCookie(&http.Cookie{Name: CookieName, Value: c.Session})
	}
	if c.Bearer != "" {
		r.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
}

// Do sends a request through the whole handler, middleware included.
func (f *Fixture) Do(r *http.Request, c Cred) *httptest.ResponseRecorder {
	c.Apply(r)
	w := httptest.NewRecorder()
	f.H.ServeHTTP(w, r)
	RecordAPI(r, w.Code)
	return w
}

// apiAnswers holds every status the /api/v1 routes answered in this test
// binary, by method and path, so that a test can check the OpenAPI
// document lists each of them.
var apiAnswers = struct {
	sync.Mutex
	seen map[string]map[int]bool
}{seen: map[string]map[int]bool{}}

// RecordAPI notes the status of an /api/v1 answer.
func RecordAPI(r *http.Request, code int) {
	if !strings.HasPrefix(r.URL.Path, "/api/v1/") {
		return
	}
	key := r.Method + " " + r.URL.Path
	apiAnswers.Lock()
	defer apiAnswers.Unlock()
	if apiAnswers.seen[key] == nil {
		apiAnswers.seen[key] = map[int]bool{}
	}
	apiAnswers.seen[key][code] = true
}

// APIAnswers gives the statuses RecordAPI noted, by "METHOD /path".
func APIAnswers() map[string][]int {
	apiAnswers.Lock()
	defer apiAnswers.Unlock()
	out := map[string][]int{}
	for k, codes := range apiAnswers.seen {
		for c := range codes {
			out[k] = append(out[k], c)
		}
	}
	return out
}

// Get requests a path.
func (f *Fixture) Get(path string, c Cred) *httptest.ResponseRecorder {
	return f.Do(httptest.NewRequest(http.MethodGet, path, nil), c)
}

// Post sends a URL-encoded form.
func (f *Fixture) Post(path string, form url.Values, c Cred) *httptest.ResponseRecorder {
	return f.Do(FormRequest(path, form), c)
}

// FormRequest builds a POST of a URL-encoded form.
func FormRequest(path string, form url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// MultipartRequest builds an upload of the staff form.
func MultipartRequest(t testing.TB, path, filename string, data []byte, fields map[string]string) *http.Request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, path, &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}
