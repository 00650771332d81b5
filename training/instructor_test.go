package training_test

import (
	"testing"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/training"
)

func TestInstructorPoolOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		e := newRecEnv(t, d)
		ctx, muni := e.ctx, e.muni
		e.session(t, "TERAKOYA", "2026-05-10", training.Instructor{Number: "R004", Hours: 1.5}, training.Instructor{Name: "外部 講師"})
		e.session(t, "TERAKOYA", "2026-09-10", training.Instructor{Number: "R004"})
		tp := &training.Topic{Topic: "公文書の書き方", Description: "起案の基本", Public: true}
		if err := e.ts.AddTopic(ctx, audit.System, muni, e.ids["R001"], tp); err != nil {
			t.Fatal(err)
		}
		wantCode(t, e.ts.AddTopic(ctx, audit.System, muni, e.ids["R001"], &training.Topic{Topic: " "}), apperr.Invalid)
		// Someone else's topic cannot be changed or removed.
		wantCode(t, e.ts.DeleteTopic(ctx, audit.System, muni, e.ids["R002"], tp.ID), apperr.NotFound)
		wantCode(t, e.ts.SetTopicPublic(ctx, audit.System, muni, e.ids["R002"], tp.ID, false), apperr.NotFound)
		if pub, _ := e.ts.PublicTopics(ctx, muni); len(pub) != 1 || pub[0].Number != "R001" {
			t.Fatalf("public topics %+v", pub)
		}
		pool, err := e.ts.InstructorPool(ctx, muni)
		if err != nil || len(pool) != 2 {
			t.Fatalf("pool %+v %v", pool, err)
		}
		if pool[0].Number != "R001" || len(pool[0].Topics) != 1 || len(pool[0].Teaching) != 0 {
			t.Fatalf("R001 %+v", pool[0])
		}
		// On 20 May only the 10 May session has been held: 1.5 hours.
		r4 := pool[1]
		if r4.Number != "R004" || r4.Name != "先輩 四郎" || len(r4.Teaching) != 2 || len(r4.ByFY) != 1 || r4.ByFY[0].Hours != 1.5 || r4.TotalHours != 1.5 {
			t.Fatalf("R004 %+v", r4)
		}
		if err := e.ts.SetTopicPublic(ctx, audit.System, muni, e.ids["R001"], tp.ID, false); err != nil {
			t.Fatal(err)
		}
		if pub, _ := e.ts.PublicTopics(ctx, muni); len(pub) != 0 {
			t.Fatalf("public topics after opt-out %+v", pub)
		}
		if err := e.ts.DeleteTopic(ctx, audit.System, muni, e.ids["R001"], tp.ID); err != nil {
			t.Fatal(err)
		}
		if ok, _ := e.ts.Teaches(ctx, muni, r4.Teaching[0].SessionID, e.ids["R004"]); !ok {
			t.Fatal("R004 does not teach")
		}
		if ok, _ := e.ts.Teaches(ctx, muni, r4.Teaching[0].SessionID, e.ids["R001"]); ok {
			t.Fatal("R001 teaches")
		}
	})
}
