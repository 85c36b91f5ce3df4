package http

import (
	"testing"
	"time"
)

// TestSessions: a session lives until it expires or ends, and past
// maxSessions a login forgets the session closest to expiring, never a
// newer one.
func TestSessions(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ss := newSessions(func() time.Time { return now })
	first, err := ss.start()
	if err != nil {
		t.Fatal(err)
	}
	if !ss.valid(first) || ss.valid("") || ss.valid("forged") {
		t.Fatal("a new session is not valid, or an unknown one is")
	}
	now = now.Add(sessionTTL - time.Second)
	if !ss.valid(first) {
		t.Error("a session expired early")
	}
	now = now.Add(time.Second)
	if ss.valid(first) {
		t.Error("a session outlived its expiry")
	}
	ended, _ := ss.start()
	ss.end(ended)
	if ss.valid(ended) {
		t.Error("an ended session is still valid")
	}
	var ids []string
	for i := range maxSessions + 1 {
		now = now.Add(time.Minute)
		id, err := ss.start()
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if i > 0 && !ss.valid(ids[0]) && i < maxSessions {
			t.Fatalf("session 0 forgotten after %d logins", i+1)
		}
	}
	if ss.valid(ids[0]) || !ss.valid(ids[1]) || !ss.valid(ids[maxSessions]) {
		t.Error("past the cap, the oldest session should go and the others stay")
	}
	if len(ss.m) != maxSessions {
		t.Errorf("%d sessions kept, want %d", len(ss.m), maxSessions)
	}
}
