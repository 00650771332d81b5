package web

// registerRecordRoutes registers attendance, completion, history,
// certificates, surveys, reports and instructors (being written).
func (s *Server) registerRecordRoutes() {}
