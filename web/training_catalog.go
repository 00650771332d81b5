package web

// registerCatalogRoutes registers the catalog and eligibility routes.
func (s *Server) registerCatalogRoutes() {}
