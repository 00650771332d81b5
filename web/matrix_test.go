package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// Short names for the roles, so that the matrix reads as a table.
const (
	cAdmin = auth.CenterAdmin
	cStaff = auth.CenterStaff
	liais  = auth.Liaison
	super  = auth.Supervisor
	self   = auth.Staff
	instr  = auth.Instructor
	caseM  = auth.CaseManager
	sysAd  = auth.SysAdmin
)

// matrixRule is who may use a route, and what an allowed request built by
// matrixRequest answers.
type matrixRule struct {
	public bool        // no login needed
	allow  []auth.Role // roles allowed (non-public routes)
	ok     int         // status of an allowed (or, when public, any signed-in) request
	anon   int         // public routes: status for an anonymous request, when not ok
}

// authMatrix is the authorisation matrix of PRODUCT F5: every route and the
// roles allowed on it, written out by hand so that a change to routes.go has
// to be made here too, on purpose.
var authMatrix = map[string]matrixRule{
	"GET /static/":             {public: true, ok: 200},
	"GET /healthz":             {public: true, ok: 200},
	"GET /login":               {public: true, ok: 303, anon: 200},
	"POST /login":              {public: true, ok: 303},
	"GET /api/v1/openapi.json": {public: true, ok: 200},

	"POST /logout":                     {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 303},
	"GET /{$}":                         {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 200},
	"GET /account/password":            {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 200},
	"POST /account/password":           {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 400},
	"GET /account/tokens":              {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 200},
	"POST /account/tokens":             {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 201},
	"POST /account/tokens/{id}/revoke": {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 404},
	"GET /api/v1/me":                   {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 200},

	// 復職支援: case URLs open to every role at the door and answer 404 to
	// all but an assigned case manager (web/rtw_test.go tests that per case).
	"GET /rtw":                          {allow: []auth.Role{caseM}, ok: 200},
	"GET /api/v1/rtw-cases":             {allow: []auth.Role{caseM}, ok: 200},
	"GET /rtw/{id}":                     {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 404},
	"GET /api/v1/rtw-cases/{id}":        {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 404},
	"POST /rtw/{id}/notes":              {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /rtw/{id}/content":            {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /api/v1/rtw-cases/{id}/notes": {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /rtw/{id}/step":               {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /rtw/{id}/consents":           {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /rtw/{id}/disclosures":        {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /rtw/{id}/adjustments":        {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /rtw/{id}/close":              {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /rtw/{id}/audit":               {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}, ok: 404},
	"GET /work-adjustments":             {allow: []auth.Role{super}, ok: 200},
	"GET /api/v1/rtw-counts":            {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /api/v1/rtw-cases":            {allow: []auth.Role{cAdmin}},

	"GET /staff":                 {allow: []auth.Role{cAdmin, cStaff, liais, super, sysAd}, ok: 200},
	"GET /staff/export":          {allow: []auth.Role{cAdmin, cStaff, liais, sysAd}, ok: 200},
	"GET /staff/{number}":        {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, sysAd}, ok: 200},
	"GET /org":                   {allow: []auth.Role{cAdmin, cStaff, liais, super, sysAd}, ok: 200},
	"GET /api/v1/staff":          {allow: []auth.Role{cAdmin, cStaff, liais, super, sysAd}, ok: 200},
	"GET /api/v1/staff/{number}": {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, sysAd}, ok: 200},
	"GET /api/v1/org-units":      {allow: []auth.Role{cAdmin, cStaff, liais, super, sysAd}, ok: 200},

	"POST /org/units":               {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"POST /org/units/{id}/rename":   {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"GET /ranks":                    {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /ranks":                   {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"GET /import/staff":             {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /import/staff":            {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"GET /import/staff/{id}":        {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /import/staff/{id}/apply": {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"POST /api/v1/imports/staff":    {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"GET /audit":                    {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"GET /audit/export":             {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"GET /audit/verify":             {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"GET /users":                    {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"GET /users/new":                {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /users":                   {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"GET /users/{id}":               {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /users/{id}":              {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"POST /users/{id}/password":     {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"GET /tokens":                   {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /tokens/{id}/revoke":      {allow: []auth.Role{cAdmin, sysAd}, ok: 404},
	"GET /mail":                     {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /mail/{id}/retry":         {allow: []auth.Role{cAdmin, sysAd}, ok: 404},
	"POST /mail/{id}/cancel":        {allow: []auth.Role{cAdmin, sysAd}, ok: 404},
	"GET /api/v1/mail":              {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"GET /settings":                 {allow: []auth.Role{cAdmin, sysAd}, ok: 200},
	"POST /settings":                {allow: []auth.Role{cAdmin, sysAd}, ok: 303},
	"POST /settings/certificates":   {allow: []auth.Role{cAdmin}, ok: 303},

	// Training (T1–T7). These routes have tests of their own for what they
	// answer; here an allowed request (with a real program, session and
	// staff number, and an empty form) must not be refused and must not fail
	// (ok 0: any status below 500 but 401 and 403).
	"GET /api/v1/me/enrolments":                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /api/v1/programs":                       {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /api/v1/programs/{code}":                {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /api/v1/programs/{code}/eligible":       {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /api/v1/programs/{code}/not-attended":   {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /api/v1/programs/{code}/survey/results": {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/sessions":                       {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /api/v1/sessions/{id}":                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /api/v1/sessions/{id}/attendance":       {allow: []auth.Role{cAdmin, cStaff, liais, instr}},
	"GET /api/v1/staff/{number}/history":         {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /approvals":                             {allow: []auth.Role{cAdmin, cStaff, super}},
	"GET /certificates/{session}/{number}":       {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /checkin/{id}/{token}":                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /feed/{file}":                           {public: true},
	"GET /instructors":                           {allow: []auth.Role{cAdmin, cStaff}},
	"GET /my/history":                            {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /my/topics":                             {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /my/trainings":                          {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /notifications":                         {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /plan":                                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /plan/export":                           {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /plan/print":                            {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /programs":                              {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /programs/new":                          {allow: []auth.Role{cAdmin, cStaff}},
	"GET /programs/{code}":                       {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /programs/{code}/edit":                  {allow: []auth.Role{cAdmin, cStaff}},
	"GET /programs/{code}/eligible":              {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /programs/{code}/eligible/export":       {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /programs/{code}/survey":                {allow: []auth.Role{cAdmin, cStaff}},
	"GET /programs/{code}/survey/results":        {allow: []auth.Role{cAdmin, cStaff}},
	"GET /recommendations":                       {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /reports":                               {allow: []auth.Role{cAdmin, cStaff, liais, super}},
	"GET /sessions/new":                          {allow: []auth.Role{cAdmin, cStaff}},
	"GET /sessions/{id}":                         {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /sessions/{id}/attendance":              {allow: []auth.Role{cAdmin, cStaff, liais, instr}},
	"GET /sessions/{id}/edit":                    {allow: []auth.Role{cAdmin, cStaff}},
	"GET /sessions/{id}/certificates":            {allow: []auth.Role{cAdmin, cStaff}},
	"GET /sessions/{id}/qr.png":                  {allow: []auth.Role{cAdmin, cStaff, instr}},
	"GET /sessions/{id}/report":                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /sessions/{id}/survey":                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /sessions/{id}/tablet":                  {allow: []auth.Role{cAdmin, cStaff, instr}},
	"GET /sessions/{id}/roster":                  {allow: []auth.Role{cAdmin, cStaff, instr}},
	"GET /sessions/{id}/roster/export":           {allow: []auth.Role{cAdmin, cStaff, instr}},
	"GET /sessions/{id}/sign-sheet":              {allow: []auth.Role{cAdmin, cStaff, instr}},
	"GET /sessions/{id}/sign-sheet/export":       {allow: []auth.Role{cAdmin, cStaff, instr}},
	"GET /sessions/{id}/poster":                  {allow: []auth.Role{cAdmin, cStaff, instr}},
	"GET /staff/{number}/external":               {allow: []auth.Role{cAdmin, cStaff}},
	"GET /staff/{number}/history":                {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /api/v1/enrolments/{id}/cancel":        {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /api/v1/sessions/{id}/attendance":      {allow: []auth.Role{cAdmin, cStaff, instr}},
	"POST /api/v1/sessions/{id}/enrolments":      {allow: []auth.Role{cAdmin, cStaff}},
	"POST /checkin/{id}/{token}":                 {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /enrolments/{id}/approve":              {allow: []auth.Role{cAdmin, cStaff, super}},
	"POST /enrolments/{id}/cancel":               {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /enrolments/{id}/decline":              {allow: []auth.Role{cAdmin, cStaff, super}},
	"POST /enrolments/{id}/move":                 {allow: []auth.Role{cAdmin, cStaff}},
	"POST /enrolments/{id}/select":               {allow: []auth.Role{cAdmin, cStaff}},
	"POST /enrolments/{id}/reject":               {allow: []auth.Role{cAdmin, cStaff}},
	"POST /my/feed":                              {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /my/feed/revoke":                       {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /my/topics":                            {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /notifications/read":                   {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /plan/copy":                            {allow: []auth.Role{cAdmin, cStaff}},
	"POST /plan/publish":                         {allow: []auth.Role{cAdmin, cStaff}},
	"POST /plan/quotas":                          {allow: []auth.Role{cAdmin, cStaff}},
	"POST /programs":                             {allow: []auth.Role{cAdmin, cStaff}},
	"POST /programs/{code}":                      {allow: []auth.Role{cAdmin, cStaff}},
	"POST /programs/{code}/eligible/exceptions":  {allow: []auth.Role{cAdmin, cStaff}},
	"POST /programs/{code}/eligible/snapshot":    {allow: []auth.Role{cAdmin, cStaff}},
	"POST /programs/{code}/survey":               {allow: []auth.Role{cAdmin, cStaff}},
	"POST /reports/{id}/review":                  {allow: []auth.Role{super}},
	"POST /sessions":                             {allow: []auth.Role{cAdmin, cStaff}},
	"POST /sessions/{id}":                        {allow: []auth.Role{cAdmin, cStaff}},
	"POST /sessions/{id}/apply":                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /sessions/{id}/attendance":             {allow: []auth.Role{cAdmin, cStaff, instr}},
	"POST /sessions/{id}/nominate":               {allow: []auth.Role{cAdmin, cStaff}},
	"POST /sessions/{id}/nominate-roster":        {allow: []auth.Role{cAdmin, cStaff}},
	"POST /sessions/{id}/recommend":              {allow: []auth.Role{liais}},
	"POST /sessions/{id}/report":                 {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /sessions/{id}/survey":                 {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /sessions/{id}/tablet":                 {allow: []auth.Role{cAdmin, cStaff, instr}},
	"POST /sessions/{id}/kiosk":                  {allow: []auth.Role{cAdmin, cStaff, instr}},
	"POST /staff/{number}/external":              {allow: []auth.Role{cAdmin, cStaff}},
	// Policy teams (teamsui): presented proposals are public within the city;
	// the center runs the teams, liaisons answer for their departments.
	"GET /teams":                                 {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /teams":                                {allow: []auth.Role{cAdmin, cStaff}},
	"GET /teams/{id}":                            {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /teams/{id}/report":                     {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /teams/{id}/export":                     {allow: []auth.Role{cAdmin, cStaff}},
	"POST /teams/{id}/cohorts":                   {allow: []auth.Role{cAdmin, cStaff}},
	"GET /cohorts/{id}":                          {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /cohorts/{id}/minutes":                  {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /cohorts/{id}/members":                 {allow: []auth.Role{cAdmin, cStaff}},
	"POST /cohorts/{id}/meetings":                {allow: []auth.Role{cAdmin, cStaff}},
	"POST /cohorts/{id}/proposal":                {allow: []auth.Role{cAdmin, cStaff}},
	"GET /team-files/{id}":                       {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /proposal-items":                        {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /proposal-items/{id}":                   {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /proposal-items/{id}/responses":        {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /api/v1/teams":                          {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /api/v1/teams/{id}/cohorts":             {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /api/v1/teams/{id}/follow-up":           {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"GET /api/v1/team-counts":                    {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/cohorts/{id}/proposal-items":    {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr, caseM, sysAd}},
	"POST /api/v1/proposal-items/{id}/responses": {allow: []auth.Role{cAdmin, cStaff, liais}},

	// OJT and competencies (T8, T9).
	"GET /ojt":                               {allow: []auth.Role{cAdmin, cStaff, liais, super}},
	"POST /ojt/plans":                        {allow: []auth.Role{cAdmin, cStaff}},
	"GET /ojt/plans/{id}":                    {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /ojt/plans/{id}/trainer":           {allow: []auth.Role{cAdmin, cStaff, liais}},
	"POST /ojt/plans/{id}/month":             {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /ojt/plans/{id}/review":            {allow: []auth.Role{cAdmin, cStaff, super}},
	"GET /my/ojt":                            {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /staff/{number}/development":        {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /my/development":                    {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /competencies":                      {allow: []auth.Role{cAdmin, cStaff}},
	"GET /competencies/export":               {allow: []auth.Role{cAdmin, cStaff}},
	"POST /competencies/import":              {allow: []auth.Role{cAdmin}},
	"POST /competencies/mapping":             {allow: []auth.Role{cAdmin}},
	"GET /api/v1/ojt/plans":                  {allow: []auth.Role{cAdmin, cStaff}},
	"POST /api/v1/ojt/plans/{id}/trainer":    {allow: []auth.Role{cAdmin, cStaff, liais}},
	"GET /ojt/export":                        {allow: []auth.Role{cAdmin, cStaff}},
	"GET /competencies/coverage/export":      {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/ojt/report":                 {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/competencies/coverage":      {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/ojt/counts":                 {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/staff/{number}/development": {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},

	"GET /joint-programmes":                           {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 200},
	"GET /joint-programmes/{id}/export":               {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/joint-programmes":                    {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 200},
	"POST /api/v1/joint-programmes":                   {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/joint-programmes/{id}/applications":  {allow: []auth.Role{cAdmin, cStaff, liais, super}},
	"POST /api/v1/joint-programmes/{id}/applications": {allow: []auth.Role{cAdmin, cStaff, liais}},
	"POST /api/v1/joint-applications/{id}/status":     {allow: []auth.Role{cAdmin, cStaff}},

	"GET /partners":                                 {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /api/v1/partners":                          {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"POST /api/v1/partners":                         {allow: []auth.Role{cAdmin, cStaff}},
	"POST /api/v1/partners/{id}/agreements":         {allow: []auth.Role{cAdmin, cStaff}},
	"POST /api/v1/partners/{id}/activities":         {allow: []auth.Role{cAdmin, cStaff}},
	"GET /university-courses":                       {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 200},
	"GET /api/v1/university-courses":                {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 200},
	"POST /api/v1/university-courses":               {allow: []auth.Role{cAdmin, cStaff}},
	"POST /api/v1/university-courses/{id}/lectures": {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/outward/figures":                   {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /outward/figures/export":                   {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /api/v1/secondments/eligibility":           {allow: []auth.Role{cAdmin, cStaff, liais}},
	"POST /api/v1/university-courses/{id}/copy":     {allow: []auth.Role{cAdmin, cStaff}},
	"POST /api/v1/joint-programmes/{id}/decide":     {allow: []auth.Role{cAdmin, cStaff}},
	"POST /joint-programmes":                        {allow: []auth.Role{cAdmin, cStaff}},
	"GET /joint-programmes/{id}":                    {allow: []auth.Role{cAdmin, cStaff, liais, super}},
	"POST /joint-programmes/{id}/applications":      {allow: []auth.Role{cAdmin, cStaff, liais}},
	"POST /joint-applications/{id}/status":          {allow: []auth.Role{cAdmin, cStaff}},
	"POST /secondments":                             {allow: []auth.Role{cAdmin, cStaff}},
	"POST /partners":                                {allow: []auth.Role{cAdmin, cStaff}},
	"POST /university-courses":                      {allow: []auth.Role{cAdmin, cStaff}},
	"POST /university-courses/{id}/lectures":        {allow: []auth.Role{cAdmin, cStaff}},

	"GET /secondments":                     {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 200},
	"POST /secondment-reports/{id}":        {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /api/v1/secondments":              {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 200},
	"POST /api/v1/secondments":             {allow: []auth.Role{cAdmin, cStaff}},
	"POST /api/v1/secondment-reports/{id}": {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	// The public site (issue 13): no login on both listeners.
	"GET /public/{$}":                     {public: true, ok: 200},
	"GET /public/programmes":              {public: true, ok: 200},
	"GET /public/topics":                  {public: true, ok: 200},
	"GET /public/results":                 {public: true, ok: 200},
	"GET /public/privacy":                 {public: true, ok: 200},
	"GET /public/contact":                 {public: true, ok: 200},
	"POST /public/contact":                {public: true, ok: 422},
	"GET /public/track/{token}":           {public: true, ok: 404},
	"POST /public/track/{token}/withdraw": {public: true, ok: 404},
	"GET /public-inbox":                   {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /public-inbox/{id}":              {allow: []auth.Role{cAdmin, cStaff}},
	"POST /public-inbox/{id}/assign":      {allow: []auth.Role{cAdmin, cStaff}},
	"POST /public-inbox/{id}/state":       {allow: []auth.Role{cAdmin, cStaff}},
	"POST /public-inbox/{id}/release":     {allow: []auth.Role{cAdmin, cStaff}},
	"POST /public-inbox/{id}/notes":       {allow: []auth.Role{cAdmin, cStaff}},
	"POST /public-inbox/{id}/reply":       {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/public-submissions":      {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /public-site":                    {allow: []auth.Role{cAdmin}, ok: 200},
	"GET /public-site/preview":            {allow: []auth.Role{cAdmin}, ok: 200},
	"POST /public-site/page":              {allow: []auth.Role{cAdmin}, ok: 303},
	"POST /public-site/publish":           {allow: []auth.Role{cAdmin}},
	"POST /public-site/events":            {allow: []auth.Role{cAdmin}},
	// Lecturer dispatch (issue 14): the public form and private link, the
	// center's pages, the lecturer's and the 所属長's.
	"GET /public/lectures/request":                 {public: true, ok: 200},
	"POST /public/lectures/request":                {public: true, ok: 422},
	"POST /public/track/{token}/lecture-feedback":  {public: true, ok: 404},
	"GET /public/track/{token}/notice":             {public: true, ok: 404},
	"GET /lectures":                                {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /lectures/figures":                        {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /lectures/figures/export":                 {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /lectures/{id}":                           {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 404},
	"POST /lectures/{id}/state":                    {allow: []auth.Role{cAdmin, cStaff}},
	"POST /lectures/{id}/lecturer":                 {allow: []auth.Role{cAdmin, cStaff}},
	"POST /lectures/{id}/terms":                    {allow: []auth.Role{cAdmin, cStaff}},
	"POST /lectures/{id}/agreement":                {allow: []auth.Role{cAdmin, cStaff, super}},
	"POST /lectures/{id}/report":                   {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"GET /lectures/{id}/notice":                    {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"GET /lectures/{id}/order":                     {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}, ok: 404},
	"GET /lectures/topics":                         {allow: []auth.Role{cAdmin, cStaff, liais}, ok: 200},
	"POST /lectures/topics":                        {allow: []auth.Role{cAdmin, cStaff, liais}},
	"POST /lectures/topics/copy":                   {allow: []auth.Role{cAdmin, cStaff}},
	"POST /lectures/settings":                      {allow: []auth.Role{cAdmin}},
	"GET /lectures/mine":                           {allow: []auth.Role{liais, super, self, instr}, ok: 200},
	"GET /lectures/agreements":                     {allow: []auth.Role{super}, ok: 200},
	"GET /api/v1/lecture-requests":                 {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"POST /api/v1/lecture-requests/{id}/state":     {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/lecture-requests/{id}/candidates": {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"GET /api/v1/lecture-figures":                  {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	// Recruitment (issue 15): the center's pages, a staff speaker's own
	// sessions, and the public briefings with their registration.
	"GET /recruit":                                  {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"POST /recruit/events":                          {allow: []auth.Role{cAdmin, cStaff}, ok: 303},
	"GET /recruit/events/{id}":                      {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"POST /recruit/events/{id}/sessions":            {allow: []auth.Role{cAdmin, cStaff}},
	"POST /recruit/events/{id}/speakers":            {allow: []auth.Role{cAdmin, cStaff}},
	"POST /recruit/events/{id}/publish":             {allow: []auth.Role{cAdmin, cStaff}},
	"POST /recruit/events/{id}/settings":            {allow: []auth.Role{cAdmin, cStaff}},
	"GET /recruit/events/{id}/desk":                 {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"POST /recruit/events/{id}/checkin":             {allow: []auth.Role{cAdmin, cStaff}},
	"POST /recruit/events/{id}/walkin":              {allow: []auth.Role{cAdmin, cStaff}},
	"GET /recruit/events/{id}/figures":              {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"GET /recruit/events/{id}/figures/export":       {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"GET /recruit/universities":                     {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"POST /recruit/universities":                    {allow: []auth.Role{cAdmin, cStaff}, ok: 303},
	"POST /recruit/universities/{id}/contacts":      {allow: []auth.Role{cAdmin, cStaff}},
	"POST /recruit/visits":                          {allow: []auth.Role{cAdmin, cStaff}, ok: 303},
	"GET /recruit/figures":                          {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /recruit/figures/export":                   {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /recruit/my-sessions":                      {allow: []auth.Role{cAdmin, cStaff, liais, super, self, instr}},
	"POST /api/v1/recruit-events":                   {allow: []auth.Role{cAdmin, cStaff}},
	"GET /api/v1/recruit-events":                    {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /api/v1/recruit-events/{id}/registrations": {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"GET /api/v1/recruit-events/{id}/figures":       {allow: []auth.Role{cAdmin, cStaff}, ok: 404},
	"GET /api/v1/recruit-figures":                   {allow: []auth.Role{cAdmin, cStaff}, ok: 200},
	"GET /public/recruit":                           {public: true, ok: 200},
	"GET /public/recruit/{event_id}":                {public: true, ok: 404},
	"POST /public/recruit/{event_id}/register":      {public: true, ok: 404},
	"POST /public/track/{token}/cancel":             {public: true, ok: 404},
	"POST /public/track/{token}/session":            {public: true, ok: 404},
	"POST /public/track/{token}/survey":             {public: true, ok: 404},
	"GET /public/track/{token}/qr.png":              {public: true, ok: 404},
}

// TestMatrixCoversEveryRoute fails when a route is added, removed or renamed
// without updating the matrix.
func TestMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	srv, err := app.New(nil, web.Config{}, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]web.Route{}
	for _, r := range srv.Routes() {
		if _, dup := registered[r.Pattern]; dup {
			t.Errorf("route %s is registered twice", r.Pattern)
		}
		registered[r.Pattern] = r
		rule, ok := authMatrix[r.Pattern]
		if !ok {
			t.Errorf("route %s is not in the authorisation matrix: add it", r.Pattern)
			continue
		}
		// The server's own list must agree with the matrix, so that the
		// request checks below test what the table says.
		if rule.public != (r.Roles == nil) {
			t.Errorf("route %s: matrix says public=%v, server registers allow=%v", r.Pattern, rule.public, r.Roles)
		}
		if !rule.public && !sameRoles(rule.allow, r.Roles) {
			t.Errorf("route %s: matrix allows %v, server allows %v", r.Pattern, rule.allow, r.Roles)
		}
	}
	for p := range authMatrix {
		if _, ok := registered[p]; !ok {
			t.Errorf("the authorisation matrix names route %s, which no longer exists: remove it", p)
		}
	}
}

func sameRoles(a, b []auth.Role) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// matrixEnv holds the targets the matrix requests act on.
type matrixEnv struct {
	f *fixture
	// Fixed targets, used by requests that are refused (and so change nothing).
	unitID, importID, userID int64
	loginTarget              string // an account POST /login signs in
	// Training targets: a program of the default catalog and one session
	// of it in this fiscal year, taught by the instructor account's A2002.
	programCode  string
	sessionID    int64
	checkinToken string
}

// principal is who sends a matrix request.
type principal struct {
	role auth.Role // "" for anonymous
	mode string    // "cookie" or "bearer"
}

func (p principal) String() string {
	if p.role == "" {
		return "anonymous"
	}
	return string(p.role) + "/" + p.mode
}

// matrixRequest builds a request for a route. When allowed is true the
// request must succeed, so it gets a throwaway target of its own where it
// writes; a refused request reuses the fixed targets.
func (e *matrixEnv) matrixRequest(t *testing.T, pattern string, p principal, allowed bool) *http.Request {
	t.Helper()
	f := e.f
	ctx := context.Background()
	method, path, _ := strings.Cut(pattern, " ")
	number := "A2001" // 市民文化部: visible to the liaison and supervisor too
	if p.role == instr {
		number = "A2002" // the instructor's own record
	}
	unitID, importID, userID := e.unitID, e.importID, e.userID
	if allowed {
		switch pattern {
		case "POST /org/units/{id}/rename":
			id, err := f.Srv.Staff.CreateUnit(ctx, audit.System, f.A.ID, 0, fmt.Sprintf("改正前部%d", f.next()), calendar.CurrentFY(time.Now()))
			if err != nil {
				t.Fatal(err)
			}
			unitID = id
		case "POST /import/staff/{id}/apply":
			importID = f.insertImport(t, f.A.ID, "previewed", staffCSVA)
		}
	}
	path = strings.NewReplacer("{$}", "", "{number}", number, "{code}", e.programCode, "{session}", fmt.Sprint(e.sessionID),
		"{token}", e.checkinToken, "{file}", "unknown-feed.ics").Replace(path)
	switch {
	case strings.HasPrefix(path, "/org/units/{id}"):
		path = strings.Replace(path, "{id}", fmt.Sprint(unitID), 1)
	case strings.HasPrefix(path, "/import/staff/{id}"):
		path = strings.Replace(path, "{id}", fmt.Sprint(importID), 1)
	case strings.HasPrefix(path, "/users/{id}"):
		path = strings.Replace(path, "{id}", fmt.Sprint(userID), 1)
	case strings.HasPrefix(path, "/sessions/{id}"), strings.HasPrefix(path, "/api/v1/sessions/{id}"), strings.HasPrefix(path, "/checkin/{id}"):
		path = strings.Replace(path, "{id}", fmt.Sprint(e.sessionID), 1)
	}
	if path == "/static/" {
		path = "/static/style.css"
	}
	// Records the fixture has none of (enrolments, reports): a number that
	// names nothing, so an allowed request meets "not found".
	path = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "999999")
	if method == http.MethodGet {
		return httptest.NewRequest(method, path, nil)
	}
	n := f.next()
	switch pattern {
	case "POST /login":
		return formRequest(path, url.Values{"login": {e.loginTarget}, "password": {testPassword}})
	case "POST /logout":
		return formRequest(path, nil)
	case "POST /account/password":
		// A wrong current password: the handler runs and refuses, nothing changes.
		return formRequest(path, url.Values{"current": {"not-the-password"}, "new": {"Another-Long-Pass-77"}, "confirm": {"Another-Long-Pass-77"}})
	case "POST /account/tokens":
		return formRequest(path, url.Values{"name": {fmt.Sprintf("matrix %d", n)}, "days": {"30"}})
	case "POST /public-site/page":
		return formRequest(path, url.Values{"body": {"# センターについて"}})
	case "POST /recruit/events", "POST /recruit/universities", "POST /recruit/visits":
		// An empty form: refused with a message on the page, nothing stored.
		return formRequest(path, nil)
	case "POST /public/recruit/{event_id}/register", "POST /public/track/{token}/cancel", "POST /public/track/{token}/session", "POST /public/track/{token}/survey":
		// An event or a private link that names nothing: 404, nothing stored.
		return formRequest(path, url.Values{"name": {"x"}})
	case "POST /public/contact":
		// An empty message: refused with 422, nothing stored.
		return formRequest(path, url.Values{"message": {""}})
	case "POST /public/lectures/request":
		// No organisation, no date: refused with 422, nothing stored.
		return formRequest(path, url.Values{"purpose_ok": {"on"}})
	case "POST /public/track/{token}/withdraw", "POST /public/track/{token}/lecture-feedback":
		// A token that names nothing: the handler runs and answers 404.
		return formRequest(path, nil)
	case "POST /account/tokens/{id}/revoke", "POST /tokens/{id}/revoke", "POST /mail/{id}/retry", "POST /mail/{id}/cancel":
		// A token id that names nothing: the handler runs and answers 404.
		return formRequest(path, nil)
	case "POST /org/units":
		return formRequest(path, url.Values{"name": {fmt.Sprintf("新設部%d", n)}})
	case "POST /org/units/{id}/rename":
		return formRequest(path, url.Values{"name": {fmt.Sprintf("改正後部%d", n)}, "fy": {fmt.Sprint(calendar.CurrentFY(time.Now()) + 1)}})
	case "POST /ranks":
		return formRequest(path, url.Values{"ranks": {strings.Join(staff.DefaultRanks, "\n")}})
	case "POST /import/staff":
		return multipartRequest(t, path, "matrix.csv", []byte(staffCSVA), map[string]string{"as_of": "2025-04-01"})
	case "POST /import/staff/{id}/apply":
		return formRequest(path, nil)
	case "POST /users":
		return formRequest(path, url.Values{"login": {fmt.Sprintf("matrix_new_%d", n)}, "role": {string(auth.Instructor)}, "password": {testPassword}})
	case "POST /users/{id}":
		return formRequest(path, url.Values{"display_name": {fmt.Sprintf("更新 %d", n)}, "role": {string(auth.Instructor)}})
	case "POST /users/{id}/password":
		return formRequest(path, nil)
	case "POST /settings":
		return formRequest(path, url.Values{"name": {"藤枝市"}, "center_name": {"人財育成センター"}})
	case "POST /settings/certificates":
		return formRequest(path, url.Values{"issuer": {"mayor"}, "issuer_name": {"北村 正平"}, "numbering": {"fy"}})
	case "POST /api/v1/imports/staff":
		r := httptest.NewRequest(method, path+"?as_of=2025-04-01", strings.NewReader(staffCSVA))
		r.Header.Set("Content-Type", "text/csv")
		return r
	}
	// Any other write gets an empty form: refused routes never read it,
	// allowed ones must answer it without failing.
	if authMatrix[pattern].ok != 0 {
		t.Fatalf("matrixRequest: no request for %s, which expects status %d: add one", pattern, authMatrix[pattern].ok)
	}
	return formRequest(path, nil)
}

// trainingTargets makes the program and session the training routes act on.
func (e *matrixEnv) trainingTargets(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	f := e.f
	if err := f.Srv.Train.EnsureCatalog(ctx, f.A.ID); err != nil {
		t.Fatal(err)
	}
	e.programCode = "NEW_HIRE"
	p, err := f.Srv.Train.ProgramByCode(ctx, f.A.ID, e.programCode)
	if err != nil {
		t.Fatal(err)
	}
	fy := calendar.CurrentFY(time.Now())
	day := calendar.FiscalYearStart(fy).AddDate(0, 6, 0).Format(time.DateOnly)
	x := &training.Session{ProgramID: p.ID, FY: fy, Title: "第1回", Venue: "本庁舎", Capacity: 30,
		Days: []training.Day{{Date: day, Start: "09:00", End: "17:00"}}, Instructors: []training.Instructor{{Number: "A2002"}}}
	if err := f.Srv.Train.SaveSession(ctx, audit.System, f.A.ID, x); err != nil {
		t.Fatal(err)
	}
	e.sessionID = x.ID
	if e.checkinToken, err = f.Srv.Train.CheckinToken(ctx, f.A.ID, x.ID); err != nil {
		t.Fatal(err)
	}
}

// credential gives the principal's credential for one request. Logging out
// ends a session, so it gets a fresh one.
func (e *matrixEnv) credential(t *testing.T, pattern string, p principal) cred {
	switch {
	case p.role == "":
		return anonymous
	case p.mode == "bearer":
		return e.f.asBearer(t, loginOf(p.role))
	case pattern == "POST /logout" || pattern == "POST /login" ||
		pattern == "POST /sessions/{id}/kiosk" && slices.Contains(authMatrix[pattern].allow, p.role):
		// These end the session the browser holds (signing in as someone
		// else replaces it, a kiosk takes its place), so they get a
		// session of their own.
		return cred{session: e.f.newSession(t, loginOf(p.role), testPassword)}
	}
	return e.f.asCookie(t, loginOf(p.role))
}

// snapshot counts what a refused request must not change.
func (e *matrixEnv) snapshot(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"audit_log", "users", "sessions", "api_tokens", "org_units", "ranks", "staff", "imports", "municipalities"} {
		fmt.Fprintf(&b, "%s=%d ", table, e.f.count(t, "SELECT COUNT(*) FROM "+table))
	}
	var name, center string
	e.f.D.R.QueryRow(`SELECT name, center_name FROM municipalities WHERE id = $1`, e.f.A.ID).Scan(&name, &center)
	fmt.Fprintf(&b, "name=%s/%s flagged=%d", name, center,
		e.f.count(t, `SELECT COUNT(*) FROM users WHERE disabled OR must_change_password`))
	return b.String()
}

// TestAuthorisationMatrix sends every route a request from every role, with
// a session cookie and (on /api/) with a Bearer token, and from anonymous.
// Refused requests run first, and must leave the database as it was; then
// every allowed request runs against targets of its own.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		t.Parallel()
		ctx := context.Background()
		e := &matrixEnv{f: f, loginTarget: "a_login_target"}
		f.createUser(t, f.A.ID, "A", e.loginTarget, cStaff)
		// An instructor: an account both administrators may manage (auth.CanGrant).
		target := f.createUser(t, f.A.ID, "A", "a_edit_target", auth.Instructor)
		e.userID = target.ID
		var err error
		if e.unitID, err = f.Srv.Staff.CreateUnit(ctx, audit.System, f.A.ID, 0, "固定部", calendar.CurrentFY(time.Now())); err != nil {
			t.Fatal(err)
		}
		e.importID = f.insertImport(t, f.A.ID, "previewed", staffCSVA)
		e.trainingTargets(t)

		patterns := make([]string, 0, len(authMatrix))
		for _, r := range f.Srv.Routes() {
			if _, ok := authMatrix[r.Pattern]; ok {
				patterns = append(patterns, r.Pattern)
			}
		}
		sort.Strings(patterns)
		var principals []principal
		for _, r := range auth.Roles {
			principals = append(principals, principal{r, "cookie"}, principal{r, "bearer"})
			f.session(t, loginOf(r)) // log in before the snapshot
		}
		principals = append(principals, principal{})

		type matrixCase struct {
			pattern string
			who     principal
			allowed bool
		}
		var refused, allowed []matrixCase
		for _, p := range patterns {
			rule := authMatrix[p]
			for _, who := range principals {
				if who.mode == "bearer" && !strings.Contains(p, "/api/") {
					continue
				}
				ok := rule.public || (who.role != "" && slices.Contains(rule.allow, who.role))
				c := matrixCase{p, who, ok}
				if ok {
					allowed = append(allowed, c)
				} else {
					refused = append(refused, c)
				}
			}
		}

		// Refused requests change nothing, so they run in parallel.
		before := e.snapshot(t)
		t.Run("refused", func(t *testing.T) {
			for _, c := range refused {
				t.Run(c.pattern+" "+c.who.String(), func(t *testing.T) {
					t.Parallel()
					r := e.matrixRequest(t, c.pattern, c.who, false)
					w := f.do(r, e.credential(t, c.pattern, c.who))
					isAPI := strings.HasPrefix(r.URL.Path, "/api/")
					switch {
					case c.who.role == "" && isAPI:
						expectStatus(t, w, http.StatusUnauthorized)
						expectAPIError(t, w, "認証が必要です。")
					case c.who.role == "":
						expectRedirect(t, w, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
					case isAPI:
						expectStatus(t, w, http.StatusForbidden)
						expectAPIError(t, w, "この操作を行う権限がありません。")
					default:
						expectStatus(t, w, http.StatusForbidden)
						expectBody(t, w, "この操作を行う権限がありません。")
					}
				})
			}
		})
		if after := e.snapshot(t); after != before {
			t.Errorf("refused requests changed the database:\nbefore %s\nafter  %s", before, after)
		}

		// Allowed requests write, each to a target of its own; they run in
		// order so that two writers never wait on each other.
		for _, c := range allowed {
			t.Run("allowed/"+c.pattern+" "+c.who.String(), func(t *testing.T) {
				rule := authMatrix[c.pattern]
				r := e.matrixRequest(t, c.pattern, c.who, true)
				w := f.do(r, e.credential(t, c.pattern, c.who))
				want := rule.ok
				if c.who.role == "" && rule.anon != 0 {
					want = rule.anon
				}
				if w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden ||
					strings.HasPrefix(w.Header().Get("Location"), "/login?") {
					t.Fatalf("refused: status %d, Location %q", w.Code, w.Header().Get("Location"))
				}
				if want == 0 {
					if w.Code >= 500 {
						t.Fatalf("status %d: the handler failed on %s %s", w.Code, r.Method, r.URL)
					}
					return
				}
				expectStatus(t, w, want)
			})
		}
		t.Logf("authorisation matrix: %d routes, %d refused and %d allowed cases", len(patterns), len(refused), len(allowed))
	})
}

// expectAPIError checks the JSON error body and its message.
func expectAPIError(t testing.TB, w *httptest.ResponseRecorder, message string) {
	t.Helper()
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("API error is not JSON: %v: %s", err, w.Body.String())
	}
	if body.Error.Message != message {
		t.Fatalf("API error message %q, want %q", body.Error.Message, message)
	}
	if body.Error.Code == "" {
		t.Fatalf("API error without a code: %s", w.Body.String())
	}
}
