package web

// registerPlanRoutes registers the annual plan, session, enrolment and
// notification routes (being written).
func (s *Server) registerPlanRoutes() {}
