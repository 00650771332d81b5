package dispatchui

import (
	"time"

	"hagukumi/calendar"
)

func jst() *time.Location { return calendar.JST }
