package recruit

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// CreateUniversity saves a university.
func (s *Store) CreateUniversity(ctx context.Context, by audit.Actor, muni int64, u *University) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		var err error
		u.ID, err = db.Insert(ctx, tx, `INSERT INTO recruit_universities (municipality_id, name, kana, prefecture, partner, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			muni, u.Name, u.Kana, u.Prefecture, u.Partner, now)
		if db.IsUnique(err) {
			return apperr.Fields(apperr.FieldErrors{"name": "同じ名前の大学が既にあります。"})
		}
		if err != nil {
			return err
		}
		return c.Add(ctx, now, by, "create", "recruit_university", id(u.ID), map[string]any{"name": u.Name, "partner": u.Partner})
	})
}

func universityExists(ctx context.Context, tx *sql.Tx, muni, uid int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM recruit_universities WHERE municipality_id = $1 AND id = $2`, muni, uid).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundf("大学が見つかりません。")
	}
	return nil
}

// AddContact records a contact person at a university.
func (s *Store) AddContact(ctx context.Context, by audit.Actor, muni, uid int64, k *Contact) error {
	if err := k.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if err := universityExists(ctx, tx, muni, uid); err != nil {
			return err
		}
		var err error
		k.ID, err = db.Insert(ctx, tx, `INSERT INTO recruit_contacts (municipality_id, university_id, name, role, email, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			muni, uid, k.Name, k.Role, k.Email, k.Phone, now)
		if err != nil {
			return err
		}
		return c.Add(ctx, now, by, "add_contact", "recruit_university", id(uid), map[string]any{"contact_id": k.ID})
	})
}

// AddVisit records a PR visit or event at a university.
func (s *Store) AddVisit(ctx context.Context, by audit.Actor, muni int64, v *Visit) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if err := universityExists(ctx, tx, muni, v.UniversityID); err != nil {
			return err
		}
		var err error
		v.ID, err = db.Insert(ctx, tx, `INSERT INTO recruit_visits (municipality_id, university_id, on_date, fy, who, what, students, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			muni, v.UniversityID, v.Date, v.FY, v.Who, v.What, v.Students, now)
		if err != nil {
			return err
		}
		return c.Add(ctx, now, by, "add_visit", "recruit_university", id(v.UniversityID), map[string]any{"visit_id": v.ID, "date": v.Date, "students": v.Students})
	})
}

// Universities lists the universities with their contacts and the count
// of current staff who graduated from each.
func (s *Store) Universities(ctx context.Context, muni int64) ([]University, error) {
	list, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (University, error) {
		var u University
		err := r.Scan(&u.ID, &u.Name, &u.Kana, &u.Prefecture, &u.Partner, &u.Alumni)
		u.Contacts = []Contact{}
		return u, err
	}, `SELECT u.id, u.name, u.kana, u.prefecture, u.partner,
		(SELECT COUNT(*) FROM staff st WHERE st.municipality_id = $1 AND st.university = u.name AND st.status = '在職')
		FROM recruit_universities u WHERE u.municipality_id = $1 ORDER BY u.kana, u.name`, muni)
	if err != nil || len(list) == 0 {
		return list, err
	}
	at := map[int64]int{}
	for i, u := range list {
		at[u.ID] = i
	}
	cs, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (struct {
		uid int64
		c   Contact
	}, error) {
		var v struct {
			uid int64
			c   Contact
		}
		err := r.Scan(&v.uid, &v.c.ID, &v.c.Name, &v.c.Role, &v.c.Email, &v.c.Phone)
		return v, err
	}, `SELECT university_id, id, name, role, email, phone FROM recruit_contacts WHERE municipality_id = $1 ORDER BY id`, muni)
	for _, v := range cs {
		if i, ok := at[v.uid]; ok {
			list[i].Contacts = append(list[i].Contacts, v.c)
		}
	}
	return list, err
}

// Visits lists a fiscal year's PR visits, newest first.
func (s *Store) Visits(ctx context.Context, muni int64, fy int) ([]Visit, error) {
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Visit, error) {
		var v Visit
		err := r.Scan(&v.ID, &v.UniversityID, &v.University, &v.Date, &v.FY, &v.Who, &v.What, &v.Students)
		return v, err
	}, `SELECT v.id, v.university_id, u.name, v.on_date, v.fy, v.who, v.what, v.students FROM recruit_visits v JOIN recruit_universities u ON u.id = v.university_id
		WHERE v.municipality_id = $1 AND v.fy = $2 ORDER BY v.on_date DESC, v.id DESC`, muni, fy)
}

// Alumni lists the current staff who graduated from one of the center's
// universities (by its id), with their department and rank, to invite as
// speakers.
func (s *Store) Alumni(ctx context.Context, muni, universityID int64) ([]Alumnus, error) {
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Alumnus, error) {
		var a Alumnus
		var fam, given string
		err := r.Scan(&a.University, &a.Number, &fam, &given, &a.Unit, &a.Rank, &a.JobType)
		a.Name = strings.TrimSpace(fam + " " + given)
		a.Unit = strings.ReplaceAll(a.Unit, "/", " ")
		return a, err
	}, `SELECT st.university, st.number, st.family_name, st.given_name, COALESCE(o.path, ''), COALESCE(rk.name, ''), st.job_type
		FROM staff st LEFT JOIN org_units o ON o.id = st.unit_id LEFT JOIN ranks rk ON rk.id = st.rank_id
		WHERE st.municipality_id = $1 AND st.status = '在職' AND st.university IN (SELECT name FROM recruit_universities WHERE municipality_id = $1 AND id = $2)
		ORDER BY st.sort_kana, st.number`, muni, universityID)
}
