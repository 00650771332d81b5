package web

import (
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// APIDoc describes an /api/v1 operation beyond its path: its query
// parameters, the Go types of its request and response bodies (the same
// types the handler decodes and encodes, so the document cannot drift from
// the code), and the statuses it can answer besides 200, 401 and 403.
type APIDoc struct {
	Query    []Param
	Body     any    // a value of the request body's type, nil for none
	Upload   string // the media type of a request body that is a file, not JSON
	Response any    // a value of the response body's type
	// Status lists the error statuses the handler can answer besides
	// 400, 401, 403, 404 and 503, which every operation can.
	Status []int
	// Answers lists the statuses other than 200 whose body is the Response
	// type rather than an error (an import with errors answers 422 and its
	// result, so the caller sees every bad row).
	Answers []int
}

// Param is one query parameter of an operation.
type Param struct {
	Name, Description string
	Type              string // "string" (default), "integer", "boolean"
}

var statusText = map[int]string{
	200: "OK", 201: "作成", 400: "入力の誤り", 401: "認証が必要", 403: "権限なし",
	404: "見つからない（範囲外を含む）", 409: "競合（状態が変わった、重複）", 413: "大きすぎる",
	422: "処理できない内容", 503: "混雑・データベース停止中",
}

// openAPI describes the API from the route table itself, so the document
// lists exactly the routes that exist and who may call them.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	JSON(w, http.StatusOK, s.OpenAPIDoc())
	return nil
}

// OpenAPIDoc builds the OpenAPI 3 document of every /api/v1 route.
func (s *Server) OpenAPIDoc() map[string]any {
	paths := map[string]map[string]any{}
	schemas := map[string]any{}
	for _, rt := range s.routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/") || rt.Roles == nil {
			continue
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		var roles []string
		for _, x := range rt.Roles {
			roles = append(roles, string(x))
		}
		doc := rt.API
		if doc == nil {
			doc = &APIDoc{}
		}
		responses := map[string]any{}
		ok := map[string]any{"description": "OK"}
		if doc.Response != nil {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(doc.Response), schemas)}}
		}
		responses["200"] = ok
		errSchema := map[string]any{"$ref": "#/components/schemas/Error"}
		for _, st := range append([]int{400, 401, 403, 404, 503}, doc.Status...) {
			responses[strconv.Itoa(st)] = map[string]any{"description": statusText[st],
				"content": map[string]any{"application/json": map[string]any{"schema": errSchema}}}
		}
		for _, st := range doc.Answers {
			responses[strconv.Itoa(st)] = map[string]any{"description": statusText[st], "content": ok["content"]}
		}
		op := map[string]any{
			"summary":   rt.Summary,
			"x-roles":   roles,
			"security":  []map[string][]string{{"bearer": {}}},
			"responses": responses,
		}
		var params []map[string]any
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, "{") {
				params = append(params, map[string]any{"name": strings.Trim(seg, "{}."), "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
			}
		}
		for _, p := range doc.Query {
			t := p.Type
			if t == "" {
				t = "string"
			}
			params = append(params, map[string]any{"name": p.Name, "in": "query", "description": p.Description, "schema": map[string]string{"type": t}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if doc.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(doc.Body), schemas)}}}
		}
		if doc.Upload != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{doc.Upload: map[string]any{"schema": map[string]string{"type": "string", "format": "binary"}}}}
		}
		paths[path][strings.ToLower(method)] = op
	}
	schemas["Error"] = schemaOf(reflect.TypeOf(apiErr{}), schemas)
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]string{"title": "はぐくみ API", "version": "1", "description": "人財育成センター業務システムの API。日付は ISO 8601（YYYY-MM-DD）。認証は Authorization: Bearer トークン（画面の「APIトークン」または hagukumi token create）。"},
		"servers": []map[string]string{{"url": "/"}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]string{"type": "http", "scheme": "bearer"}},
			"schemas":         schemas,
		},
		"paths": paths,
	}
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf writes the JSON schema of a Go type as encoding/json encodes it.
// Named struct types go to components/schemas and are referenced. A struct
// is closed (additionalProperties: false) and requires the fields that are
// always written, so a test that checks real answers against the schema
// notices a field added to, dropped from or renamed in a handler's type.
func schemaOf(t reflect.Type, defs map[string]any) map[string]any {
	if t.Kind() == reflect.Pointer {
		// A nil pointer is written as null.
		return nullable(schemaOf(t.Elem(), defs))
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return map[string]any{"type": "string", "format": "byte", "nullable": true}
	case t.Kind() == reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), defs), "nullable": true}
	case t.Kind() == reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), defs)}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), defs), "nullable": true}
	case t.Kind() == reflect.Struct:
		name := t.Name()
		if name != "" {
			name = strings.ReplaceAll(t.PkgPath(), "/", ".") + "." + name
			name = strings.TrimPrefix(name, "hagukumi.")
			if _, ok := defs[name]; ok {
				return map[string]any{"$ref": "#/components/schemas/" + name}
			}
			defs[name] = map[string]any{} // placeholder against recursion
		}
		props := map[string]any{}
		var required []string
		fieldsOf(t, props, &required, true, defs)
		sort.Strings(required)
		sch := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			sch["required"] = required
		}
		if name == "" {
			return sch
		}
		defs[name] = sch
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	// Interfaces: anything.
	return map[string]any{}
}

// nullable marks a schema as also admitting null; a reference is wrapped,
// since OpenAPI 3.0 ignores the siblings of a $ref.
func nullable(s map[string]any) map[string]any {
	if _, ok := s["$ref"]; ok {
		return map[string]any{"allOf": []any{s}, "nullable": true}
	}
	if len(s) == 0 {
		return s
	}
	s["nullable"] = true
	return s
}

// fieldsOf adds a struct's fields to props as encoding/json writes them:
// embedded structs are flattened, and the fields of an embedded pointer are
// not required (a nil one writes none of them).
func fieldsOf(t reflect.Type, props map[string]any, required *[]string, always bool, defs map[string]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			ptr := ft.Kind() == reflect.Pointer
			if ptr {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				fieldsOf(ft, props, required, always && !ptr, defs)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.Contains(","+opts+",", ",string,") {
			props[name] = map[string]any{"type": "string"}
		} else {
			props[name] = schemaOf(f.Type, defs)
		}
		if always && !strings.Contains(","+opts+",", ",omitempty,") && !strings.Contains(","+opts+",", ",omitzero,") {
			*required = append(*required, name)
		}
	}
}
