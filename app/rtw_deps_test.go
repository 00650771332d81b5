package app_test

import (
	"os/exec"
	"strings"
	"testing"
)

// rtw holds health data (要配慮個人情報): only its UI slice imports it
// (and, later, a report package for anonymous counts), plus two operator
// tools that serve no page: the command (`keys rotate` re-seals values,
// the start checks for sealed content) and demo (three fictional cases).
// Every other package that depends on rtw must do so through one of them
// (app registers the slice; bench fills a demo city).
func TestRTWImportedOnlyByItsSlice(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}|{{join .Imports " "}}|{{join .Deps " "}}`, "hagukumi/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	importers := map[string]bool{"hagukumi/web/rtwui": true, "hagukumi/report": true, "hagukumi/cmd/hagukumi": true, "hagukumi/demo": true}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, rest, _ := strings.Cut(line, "|")
		imports, deps, _ := strings.Cut(rest, "|")
		if !strings.HasPrefix(pkg, "hagukumi/") || strings.HasPrefix(pkg, "hagukumi/rtw") {
			continue
		}
		for _, d := range strings.Fields(imports) {
			if d == "hagukumi/rtw" {
				found = found || pkg == "hagukumi/web/rtwui"
				if !importers[pkg] {
					t.Errorf("%s imports hagukumi/rtw: only web/rtwui (and report) may", pkg)
				}
			}
		}
		if importers[pkg] {
			continue
		}
		dependsOnRTW, throughSlice := false, false
		for _, d := range strings.Fields(deps) {
			dependsOnRTW = dependsOnRTW || d == "hagukumi/rtw"
			throughSlice = throughSlice || importers[d]
		}
		if dependsOnRTW && !throughSlice {
			t.Errorf("%s depends on hagukumi/rtw without going through web/rtwui (or demo)", pkg)
		}
	}
	if !found {
		t.Fatal("web/rtwui does not import hagukumi/rtw: is the test still right?")
	}
}
