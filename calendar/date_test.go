package calendar

import (
	"testing"
	"time"
)

func TestFiscalYear(t *testing.T) {
	tests := []struct {
		date time.Time
		want int
	}{
		{D(2025, time.March, 31), 2024},
		{D(2025, time.April, 1), 2025},
		{D(2025, time.January, 1), 2024},
		{D(2024, time.December, 31), 2024},
		{D(2019, time.April, 30), 2019},
		{D(2019, time.May, 1), 2019},
		{D(2020, time.February, 29), 2019},
	}
	for _, tt := range tests {
		if got := FiscalYear(tt.date); got != tt.want {
			t.Errorf("FiscalYear(%s) = %d, want %d", tt.date.Format("2006-01-02"), got, tt.want)
		}
	}
	for fy := 1990; fy <= 2100; fy++ {
		start, end := FiscalYearStart(fy), FiscalYearEnd(fy)
		if !start.Equal(D(fy, time.April, 1)) || !end.Equal(D(fy+1, time.March, 31)) {
			t.Errorf("FY%d = %s..%s", fy, start.Format("2006-01-02"), end.Format("2006-01-02"))
		}
		if FiscalYear(start) != fy || FiscalYear(end) != fy ||
			FiscalYear(start.AddDate(0, 0, -1)) != fy-1 || FiscalYear(end.AddDate(0, 0, 1)) != fy+1 {
			t.Errorf("FY%d boundaries are inconsistent", fy)
		}
	}
}
