package web

// TEMPORARY shim of the shared public-form kit until it lands on main;
// deleted at the merge.

import "net/http"

// TrackFunc renders the private link of a kind of submission.
type TrackFunc func(w http.ResponseWriter, r *http.Request, token string, submissionID int64) error

var trackers = map[string]TrackFunc{}

// OnTrack registers the private-link page of a kind.
func (s *Server) OnTrack(kind string, f TrackFunc) { trackers[kind] = f }

// Tracker returns the private-link page of a kind, nil for the contact form's.
func (s *Server) Tracker(kind string) TrackFunc { return trackers[kind] }
