package staff_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

// FuzzImportStore runs whole imports (decoding, the checks against the
// registry, and every SQL statement of the apply, rolled back as a dry
// run) on a registry that already holds staff, so the add, update and
// retire paths all run. Whatever the file, Import must not fail with an
// internal error (which the web shows as a 500): a bad file is a list of
// problems. When PostgreSQL is available the same input runs on both
// engines and they must agree: a value SQLite stores but PostgreSQL
// refuses (a NUL byte, say) is caught here.
//
//	go test ./staff -run '^$' -fuzz '^FuzzImportStore$' -fuzztime 10s
func FuzzImportStore(f *testing.F) {
	sample, err := os.ReadFile(filepath.Join("stafffile", "testdata", "staff_sample_cp932.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("staff.csv", sample, false)
	f.Add("staff.csv", sample, true)
	valid := "職員番号,氏名,フリガナ,採用日,雇用区分,所属,職位,昇格候補\n" +
		"31001,髙橋 一樹,タカハシ カズキ,2011-04-01,正規,総務部 人事課 人事係,主任主事・主任技師,\n" +
		"990001,山田 太郎,ヤマダ タロウ,2020-04-01,正規,総務部 人事課,,\n"
	f.Add("new.csv", []byte(valid), false)
	f.Add("new.csv", []byte(valid), true)
	sjis, _ := japanese.ShiftJIS.NewEncoder().Bytes([]byte(valid))
	f.Add("sjis.csv", sjis, false)
	f.Add("bom.csv", append([]byte("\xEF\xBB\xBF"), valid...), false)
	f.Add("wide.csv", []byte("職員番号,氏名,フリガナ,採用日,雇用区分,所属\n９９０００２,佐藤 花子,ｻﾄｳ ﾊﾅｺ,Ｒ２．４．１,正規,総務部　人事課\n"), false)
	f.Add("formula.csv", []byte("職員番号,氏名,フリガナ,採用日,雇用区分,所属,メール\n990003,=山田 +太郎,ヤマダ タロウ,2020-04-01,正規,-総務部 @人事課,=a@b.jp\n"), false)
	f.Add("unit.csv", []byte("職員番号,氏名,採用日,雇用区分,所属\n990004,山田 太郎,2020-04-01,正規,"+strings.Repeat("課 ", 200)+"\n"), false)
	f.Add("rank.csv", []byte("職員番号,氏名,採用日,雇用区分,職位,昇格候補\n990005,山田 太郎,2020-04-01,正規,存在しない職位,部長\n"), false)
	f.Add("dup.csv", []byte("職員番号,氏名,採用日,雇用区分\n990006,山田 太郎,2020-04-01,正規\n990006,山田 次郎,2020-04-01,正規\n"), false)
	f.Add("nul.csv", []byte("職員番号,氏名,採用日,雇用区分,所属\n990007,山田\x00太郎,2020-04-01,正規,総務\x00部\n"), false)

	type engine struct {
		name string
		s    *staff.Store
		muni int64
	}
	var engines []engine
	open := func(name string, d *db.DB) {
		s := &staff.Store{DB: d, Now: func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }}
		m, err := s.EnsureMunicipality(context.Background())
		if err != nil {
			f.Fatal(err)
		}
		res, err := s.Import(context.Background(), m.ID, audit.System, "staff.csv", sample, staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)})
		if err != nil || !res.Applied {
			f.Fatalf("%s: registry: %v %+v", name, err, res)
		}
		engines = append(engines, engine{name, s, m.ID})
	}
	open("sqlite", dbtest.OpenSQLite(f))
	if dbtest.PostgresURL(f) != "" {
		open("postgres", dbtest.OpenPostgres(f))
	}

	f.Fuzz(func(t *testing.T, name string, data []byte, retire bool) {
		var first *staff.ImportResult
		for _, e := range engines {
			res, err := e.s.Import(context.Background(), e.muni, audit.System, name, data,
				staff.ImportOptions{AsOf: calendar.D(2026, 4, 1), DryRun: true, RetireMissing: retire})
			if err != nil {
				t.Fatalf("%s: internal error (a 500 on the web): %v", e.name, err)
			}
			if res.Applied {
				t.Fatalf("%s: a dry run applied", e.name)
			}
			if first == nil {
				first = res
				continue
			}
			if res.Added != first.Added || res.Updated != first.Updated || res.Unchanged != first.Unchanged ||
				res.Retired != first.Retired || len(res.Errors) != len(first.Errors) {
				t.Fatalf("engines disagree: %s added %d updated %d unchanged %d retired %d errors %d; %s added %d updated %d unchanged %d retired %d errors %d",
					engines[0].name, first.Added, first.Updated, first.Unchanged, first.Retired, len(first.Errors),
					e.name, res.Added, res.Updated, res.Unchanged, res.Retired, len(res.Errors))
			}
		}
	})
}
