package webtest

import "hagukumi/auth"

// StaffCSVA is municipality A's staff file. 総務部 人事課 and 市民文化部 市民課;
// the liaison and supervisor are scoped to 市民文化部, the staff and
// instructor accounts belong to A2001 and A2002, the linked case manager
// and system administrator to A1001 and A1002. A2003's 職種 starts with "="
// to check that exports neutralise it.
const StaffCSVA = "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n" +
	"A1001,髙橋 一樹,タカハシ カズキ,男,1988/7/12,2011/4/1,正規,一般事務,主任主事,2021/4/1,総務部 人事課,静岡大学,k.takahashi@example.jp,在職\n" +
	"A1002,山田 花子,ヤマダ ハナコ,女,1990/1/15,2015/4/1,正規,一般事務,主事,2015/4/1,総務部 人事課,,,在職\n" +
	"A2001,鈴木 次郎,スズキ ジロウ,男,1995/3/3,2018/4/1,正規,一般事務,主事,2018/4/1,市民文化部 市民課,常葉大学,,在職\n" +
	"A2002,佐藤 三郎,サトウ サブロウ,男,1980/5/20,2003/4/1,正規,一般事務,係長,2020/4/1,市民文化部 市民課,,,在職\n" +
	"A2003,伊藤 美咲,イトウ ミサキ,女,1999/9/9,2022/4/1,会計年度任用,=1+2,,,市民文化部 市民課,,,在職\n"

// StaffCSVB is municipality B's staff file: the same department names and
// other numbers, so a scope that forgot the municipality would show up.
const StaffCSVB = "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n" +
	"B1001,渡辺 健,ワタナベ ケン,男,1985/2/2,2008/4/1,正規,一般事務,主査,2019/4/1,総務部 人事課,,,在職\n" +
	"B2001,小林 優,コバヤシ ユウ,女,1993/6/6,2016/4/1,正規,一般事務,主事,2016/4/1,市民文化部 市民課,,,在職\n"

// Staff numbers by department, for the scope checks.
var (
	NumbersSomu   = []string{"A1001", "A1002"}
	NumbersShimin = []string{"A2001", "A2002", "A2003"}
	NumbersB      = []string{"B1001", "B2001"}
)

// UsersB are the roles municipality B gets an account for.
var UsersB = []auth.Role{auth.CenterAdmin, auth.SysAdmin, auth.Liaison, auth.Staff}

// Accounts of municipality A linked to a staff member although their role
// has no self-service pages: their menu and links must not lead to a 403.
const (
	LinkedCaseManager = "a_case_manager_linked"
	LinkedSysAdmin    = "a_system_admin_linked"
)

// LoginOf names municipality A's account of a role ("a_liaison").
func LoginOf(r auth.Role) string { return "a_" + string(r) }

// LoginOfB names municipality B's account of a role ("b_liaison").
func LoginOfB(r auth.Role) string { return "b_" + string(r) }
