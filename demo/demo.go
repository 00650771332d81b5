// Package demo makes a deterministic synthetic city: departments, staff over
// forty years of hiring, every rank and employment type, 昇格候補 and 休職.
// No real person's data: names are drawn from common surname and given-name
// lists and combined at random.
package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/seal"
	"hagukumi/staff"
	"hagukumi/training"
)

// Options size the city.
type Options struct {
	Staff int
	Seed  int64
	Now   time.Time
	// Keys seal the demo's return-to-work cases; without them none are made.
	Keys *seal.Ring
	// Out receives the logins of demo accounts (the case manager's).
	Out io.Writer
}

// Org is the demo organisation: 部 → 課 → 係.
var Org = []struct {
	Dept string
	Divs []struct {
		Name  string
		Teams []string
	}
}{
	{"総務部", divs("人事課:人事係,給与厚生係", "人財育成室:研修係,育成推進係", "行政課:文書法制係,行政係", "情報政策課:情報企画係,システム係")},
	{"企画創生部", divs("企画政策課:企画係,政策推進係", "広報課:広報係", "地域政策課:地域振興係,移住定住係")},
	{"財政経営部", divs("財政課:財政係", "契約検査課:契約係,検査係", "税務課:市民税係,資産税係,収納係")},
	{"市民文化部", divs("市民活動課:市民協働係,生活安全係", "市民課:住民記録係,窓口係", "文化財課:文化財係")},
	{"健康福祉部", divs("福祉政策課:福祉総務係,生活支援係", "健康推進課:保健係,健診係", "介護福祉課:介護保険係,高齢者支援係")},
	{"子ども未来部", divs("子ども家庭課:子育て支援係,家庭相談係", "保育課:保育係,幼稚園係")},
	{"環境水道部", divs("環境政策課:環境保全係,ごみ減量係", "上水道課:水道工務係,水道業務係", "下水道課:下水道工務係")},
	{"産業振興部", divs("商業観光課:商業係,観光係", "農林課:農政係,林務係")},
	{"都市建設部", divs("都市政策課:都市計画係,景観係", "道路課:道路建設係,維持係", "建築住宅課:建築指導係,住宅係")},
	{"教育部", divs("教育政策課:総務係,施設係", "学校教育課:学務係,指導係", "生涯学習課:社会教育係,図書館係")},
}

func divs(specs ...string) []struct {
	Name  string
	Teams []string
} {
	var out []struct {
		Name  string
		Teams []string
	}
	for _, s := range specs {
		name, teams, _ := strings.Cut(s, ":")
		out = append(out, struct {
			Name  string
			Teams []string
		}{name, strings.Split(teams, ",")})
	}
	return out
}

var families = [][2]string{
	{"鈴木", "スズキ"}, {"佐藤", "サトウ"}, {"望月", "モチヅキ"}, {"渡辺", "ワタナベ"}, {"杉山", "スギヤマ"}, {"山本", "ヤマモト"}, {"伊藤", "イトウ"},
	{"中村", "ナカムラ"}, {"加藤", "カトウ"}, {"小林", "コバヤシ"}, {"松浦", "マツウラ"}, {"増田", "マスダ"}, {"池谷", "イケヤ"}, {"大石", "オオイシ"},
	{"村松", "ムラマツ"}, {"滝", "タキ"}, {"青島", "アオシマ"}, {"高橋", "タカハシ"}, {"石川", "イシカワ"}, {"山田", "ヤマダ"}, {"片山", "カタヤマ"},
	{"牧野", "マキノ"}, {"藁科", "ワラシナ"}, {"森", "モリ"}, {"岡村", "オカムラ"}, {"植田", "ウエダ"}, {"八木", "ヤギ"}, {"仲田", "ナカダ"},
	{"朝比奈", "アサヒナ"}, {"臼井", "ウスイ"}, {"天野", "アマノ"}, {"河村", "カワムラ"}, {"秋山", "アキヤマ"}, {"鈴村", "スズムラ"}, {"海野", "ウンノ"},
	{"長谷川", "ハセガワ"}, {"前田", "マエダ"}, {"原田", "ハラダ"}, {"堀池", "ホリイケ"}, {"横山", "ヨコヤマ"},
	{"田中", "タナカ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"}, {"井上", "イノウエ"}, {"木村", "キムラ"}, {"林", "ハヤシ"}, {"清水", "シミズ"},
	{"山崎", "ヤマザキ"}, {"池田", "イケダ"}, {"阿部", "アベ"}, {"橋本", "ハシモト"}, {"石井", "イシイ"}, {"小川", "オガワ"}, {"藤田", "フジタ"},
	{"後藤", "ゴトウ"}, {"岡田", "オカダ"}, {"近藤", "コンドウ"}, {"村上", "ムラカミ"}, {"遠藤", "エンドウ"}, {"青木", "アオキ"}, {"坂本", "サカモト"},
	{"斉藤", "サイトウ"}, {"福田", "フクダ"}, {"太田", "オオタ"}, {"西村", "ニシムラ"}, {"藤井", "フジイ"}, {"金子", "カネコ"}, {"岡本", "オカモト"},
	{"中島", "ナカジマ"}, {"中野", "ナカノ"}, {"小野", "オノ"}, {"松田", "マツダ"}, {"竹内", "タケウチ"}, {"野口", "ノグチ"}, {"菊池", "キクチ"},
	{"大野", "オオノ"}, {"高木", "タカギ"}, {"水野", "ミズノ"}, {"榊原", "サカキバラ"}, {"戸塚", "トツカ"},
}

var givenM = [][2]string{{"大輔", "ダイスケ"}, {"翔太", "ショウタ"}, {"健一", "ケンイチ"}, {"拓也", "タクヤ"}, {"和也", "カズヤ"}, {"誠", "マコト"},
	{"浩二", "コウジ"}, {"悠斗", "ユウト"}, {"蓮", "レン"}, {"直樹", "ナオキ"}, {"隆", "タカシ"}, {"陽介", "ヨウスケ"}, {"博之", "ヒロユキ"}, {"亮", "リョウ"},
	{"雄太", "ユウタ"}, {"健太", "ケンタ"}, {"修", "オサム"}, {"剛", "ツヨシ"}, {"聡", "サトシ"}, {"大樹", "ダイキ"}, {"翼", "ツバサ"}, {"拓海", "タクミ"},
	{"一郎", "イチロウ"}, {"正人", "マサト"}, {"康弘", "ヤスヒロ"}, {"秀樹", "ヒデキ"}, {"俊介", "シュンスケ"}, {"達也", "タツヤ"}, {"智也", "トモヤ"}, {"光", "ヒカル"}}
var givenF = [][2]string{{"美咲", "ミサキ"}, {"葵", "アオイ"}, {"陽子", "ヨウコ"}, {"花", "ハナ"}, {"由美", "ユミ"}, {"彩", "アヤ"},
	{"智子", "トモコ"}, {"結衣", "ユイ"}, {"真由美", "マユミ"}, {"恵", "メグミ"}, {"さくら", "サクラ"}, {"千尋", "チヒロ"}, {"舞", "マイ"}, {"香織", "カオリ"},
	{"愛", "アイ"}, {"麻美", "アサミ"}, {"瞳", "ヒトミ"}, {"明美", "アケミ"}, {"裕子", "ユウコ"}, {"直美", "ナオミ"}, {"久美子", "クミコ"}, {"理恵", "リエ"},
	{"奈々", "ナナ"}, {"沙織", "サオリ"}, {"遥", "ハルカ"}, {"紗希", "サキ"}, {"純子", "ジュンコ"}, {"亜希子", "アキコ"}, {"静香", "シズカ"}, {"美穂", "ミホ"}}

// names deals full names without repeating one until every combination of
// a family and a given name of the gender has been used: a city of a few
// thousand has no two staff of the same name, as a real one rarely has.
type names struct {
	r     *rand.Rand
	given [][2]string
	order []int
	next  int
}

func newNames(r *rand.Rand, given [][2]string) *names {
	return &names{r: r, given: given, order: r.Perm(len(families) * len(given))}
}

// deal gives the next name and its reading, "family given".
func (n *names) deal() (name, kana string) {
	k := n.order[n.next%len(n.order)]
	n.next++
	f, g := families[k/len(n.given)], n.given[k%len(n.given)]
	return f[0] + " " + g[0], f[1] + " " + g[1]
}

var universities = []string{"静岡大学", "静岡県立大学", "静岡産業大学", "常葉大学", "静岡理工科大学", "東海大学", "早稲田大学", "日本大学", "名古屋大学", "愛知大学", ""}

// titleFor gives a plausible 職位 for years of service (rank ladder default).
func titleFor(years int, tech bool, r *rand.Rand) string {
	pick := func(a, b string) string {
		if tech {
			return b
		}
		return a
	}
	switch {
	case years < 6:
		return pick("主事", "技師")
	case years < 11:
		return pick("主任主事", "主任技師")
	case years < 15:
		return "主査"
	case years < 19:
		return "主任主査"
	case years < 24:
		return "係長"
	case years < 28:
		if r.IntN(3) == 0 {
			return "係長"
		}
		return "課長補佐"
	case years < 33:
		return "課長"
	case years < 36:
		if r.IntN(2) == 0 {
			return "課長"
		}
		return "次長"
	default:
		return "部長"
	}
}

// promotionStep is how many years of service each title starts at, so the
// 職位発令日 falls on 1 April of that year.
var promotionStep = map[string]int{"主事": 0, "技師": 0, "主任主事": 6, "主任技師": 6, "主査": 11, "主任主査": 15, "係長": 19,
	"課長補佐": 24, "課長": 28, "次長": 33, "部長": 36}

// posts hands out the posts of the organisation: one 部長 and one 次長 per
// 部, one 課長 and one 課長補佐 per 課, one 係長 per 係. A title whose posts
// are all taken steps down to the next one, so every head sits at the level
// of their title and no unit has two.
type posts struct {
	r                  *rand.Rand
	depts, divs, teams []string
	taken              map[string]bool // title + unit
}

func newPosts(r *rand.Rand) *posts {
	p := &posts{r: r, taken: map[string]bool{}}
	for _, d := range Org {
		p.depts = append(p.depts, d.Dept)
		for _, v := range d.Divs {
			p.divs = append(p.divs, d.Dept+" "+v.Name)
			for _, t := range v.Teams {
				p.teams = append(p.teams, d.Dept+" "+v.Name+" "+t)
			}
		}
	}
	return p
}

// stepDown is the title a post-holder gets when the posts of theirs are full.
var stepDown = map[string]string{"部長": "次長", "次長": "課長", "課長": "課長補佐", "課長補佐": "係長", "係長": "主任主査"}

// place gives the title actually held and the unit of the post.
func (p *posts) place(title string) (string, string) {
	for {
		var units []string
		switch title {
		case "部長", "次長":
			units = p.depts
		case "課長", "課長補佐":
			units = p.divs
		case "係長":
			units = p.teams
		default:
			return title, p.teams[p.r.IntN(len(p.teams))]
		}
		var free []string
		for _, u := range units {
			if !p.taken[title+u] {
				free = append(free, u)
			}
		}
		if len(free) > 0 {
			u := free[p.r.IntN(len(free))]
			p.taken[title+u] = true
			return title, u
		}
		title = stepDown[title]
	}
}

// CSV writes n synthetic staff rows numbered from first, as the HR export
// would, with the header of the staff import.
func CSV(n, first int, seed int64, now time.Time) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(first)))
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(staff.ExportHeader)
	fy := calendar.CurrentFY(now)
	men, women := newNames(r, givenM), newNames(r, givenF)
	office := newPosts(r)
	for i := 0; i < n; i++ {
		num := fmt.Sprintf("%06d", first+i)
		gender, name, kana := "男", "", ""
		if r.IntN(100) < 42 {
			gender = "女"
			name, kana = women.deal()
		} else {
			name, kana = men.deal()
		}
		// Hiring over forty years, more recently than long ago, and every
		// year some: about one in thirty joined this 年度 (採用1年目).
		years := int(40 * r.Float64() * (0.5 + 0.5*r.Float64()))
		hireFY := fy - years
		hire := calendar.D(hireFY, 4, 1)
		if years > 0 && r.IntN(12) == 0 { // 中途採用, not this year's: they join in April
			hire = hire.AddDate(0, 1+r.IntN(10), r.IntN(28))
		}
		birth := calendar.D(hireFY-22-r.IntN(6), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		emp := staff.Regular
		switch x := r.IntN(100); {
		case x < 14:
			emp = staff.FiscalYear
		case x < 18:
			emp = staff.Reappoint
		case x < 20:
			emp = staff.FixedTerm
		}
		tech := r.IntN(4) == 0
		job := "一般事務"
		if tech {
			job = []string{"土木", "建築", "保健師", "電気"}[r.IntN(4)]
		}
		status := staff.Active
		switch x := r.IntN(200); {
		case x < 3:
			status = staff.OnLeave
		case x < 5:
			status = staff.Retired
		}
		title, since := "", ""
		switch emp {
		case staff.Regular, staff.FixedTerm:
			title = titleFor(years, tech, r)
			if status != staff.Active && stepDown[title] != "" {
				title = "主任主査" // a post is held by someone at work
			}
		case staff.Reappoint:
			title = "主査"
			since = calendar.D(fy-r.IntN(3), 4, 1).Format(time.DateOnly)
		case staff.FiscalYear:
			hire = calendar.D(fy-r.IntN(4), 4, 1)
			birth = calendar.D(fy-25-r.IntN(35), time.Month(1+r.IntN(12)), 1+r.IntN(28))
			job = "事務補助"
		}
		title, unit := office.place(title)
		if emp == staff.Regular || emp == staff.FixedTerm {
			since = calendar.D(min(hireFY+promotionStep[title], fy), 4, 1).Format(time.DateOnly)
		}
		cand := ""
		if emp == staff.Regular && status == staff.Active {
			if (title == "主任主事" || title == "主任技師") && years >= 9 && r.IntN(3) == 0 {
				cand = "主査"
			} else if title == "主任主査" && years >= 17 && r.IntN(3) == 0 {
				cand = "係長"
			}
		}
		email := fmt.Sprintf("s%s@city.example.jp", num)
		w.Write([]string{num, name, kana, gender, birth.Format(time.DateOnly), hire.Format(time.DateOnly),
			emp, job, title, since, unit, universities[r.IntN(len(universities))], email, status, cand})
	}
	w.Flush()
	return buf.Bytes()
}

// batch is how many rows one import transaction takes.
const batch = 50000

// Fill fills an empty municipality with opt.Staff synthetic staff. It does
// nothing (and returns 0) when the municipality already has staff.
func Fill(ctx context.Context, d *db.DB, muni int64, opt Options) (int, error) {
	return fill(ctx, d, &staff.Store{DB: d}, muni, 1, opt)
}

func fill(ctx context.Context, d *db.DB, st *staff.Store, muni int64, first int, opt Options) (int, error) {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE municipality_id = $1`, muni).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, nil
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	asOf := calendar.FiscalYearStart(calendar.CurrentFY(opt.Now))
	for done := 0; done < opt.Staff; done += batch {
		size := min(batch, opt.Staff-done)
		data := CSV(size, first+done, opt.Seed, opt.Now)
		res, err := st.Import(ctx, muni, audit.Actor{Login: "demo"}, "demo.csv", data, staff.ImportOptions{AsOf: asOf})
		if err != nil {
			return done, err
		}
		if len(res.Errors) > 0 {
			return done, fmt.Errorf("demo data refused: %s (line %d)", res.Errors[0].Message, res.Errors[0].Line)
		}
	}
	if err := FillTeams(ctx, d, muni, opt.Seed, opt.Now); err != nil {
		return opt.Staff, err
	}
	if err := (&training.Store{DB: d}).EnsureCatalog(ctx, muni); err != nil {
		return opt.Staff, err
	}
	if err := FillTraining(ctx, d, muni, opt.Seed, opt.Now); err != nil {
		return opt.Staff, err
	}
	// The demo's return-to-work cases go to the first city only: the case
	// manager's login is one for the whole installation.
	if first == 1 {
		if err := FillRTW(ctx, d, muni, opt); err != nil {
			return opt.Staff, err
		}
	}
	if err := FillOJT(ctx, d, muni, opt.Now); err != nil {
		return opt.Staff, err
	}
	if err := FillOutward(ctx, d, muni, opt.Now); err != nil {
		return opt.Staff, err
	}
	if err := FillPublic(ctx, d, muni, opt.Now); err != nil {
		return opt.Staff, err
	}
	if err := FillDispatch(ctx, d, muni, opt.Now); err != nil {
		return opt.Staff, err
	}
	if err := FillRecruit(ctx, d, muni, opt.Now); err != nil {
		return opt.Staff, err
	}
	return opt.Staff, nil
}

// FillMany spreads opt.Staff over m municipalities: the first is the given
// one, the others are created as デモ市2, デモ市3…
func FillMany(ctx context.Context, d *db.DB, st *staff.Store, first staff.Municipality, m int, opt Options) (int, error) {
	if m < 1 {
		m = 1
	}
	total := 0
	per := opt.Staff / m
	for i := 0; i < m; i++ {
		muni := first
		if i > 0 {
			code := fmt.Sprintf("demo%03d", i+1)
			var id int64
			err := d.R.QueryRowContext(ctx, `SELECT id FROM municipalities WHERE code = $1`, code).Scan(&id)
			if err == nil {
				muni.ID = id
			} else {
				var err error
				if muni, err = st.CreateMunicipality(ctx, code, fmt.Sprintf("デモ市%d", i+1)); err != nil {
					return total, err
				}
				if err := (&training.Store{DB: d}).EnsureCatalog(ctx, muni.ID); err != nil {
					return total, err
				}
			}
		}
		o := opt
		o.Staff = per
		if i == m-1 {
			o.Staff = opt.Staff - per*(m-1)
		}
		n, err := fill(ctx, d, st, muni.ID, 1+i*1000000, o)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
