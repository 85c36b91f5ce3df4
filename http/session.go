package http

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// sessionTTL is how long a UI login lasts.
const sessionTTL = 30 * 24 * time.Hour

// maxSessions bounds the sessions kept: past it, logging in forgets the
// session closest to expiring.
const maxSessions = 1024

// sessions are the UI's logins. The browser's cookie holds a random
// session id, never the write token: a stolen cookie expires, logging out
// ends it here, and it cannot be used on the API. They live in memory, so
// a restart asks for the token again.
type sessions struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]time.Time // id → expiry
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{now: now, m: map[string]time.Time{}}
}

// start begins a session and returns its id.
func (ss *sessions) start() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := hex.EncodeToString(b)
	now := ss.now()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if len(ss.m) >= maxSessions {
		var oldest string
		for k, exp := range ss.m {
			if !exp.After(now) {
				delete(ss.m, k)
			} else if oldest == "" || exp.Before(ss.m[oldest]) {
				oldest = k
			}
		}
		if len(ss.m) >= maxSessions {
			delete(ss.m, oldest)
		}
	}
	ss.m[id] = now.Add(sessionTTL)
	return id, nil
}

// valid reports whether id is a session that has not expired.
func (ss *sessions) valid(id string) bool {
	if id == "" {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	exp, ok := ss.m[id]
	if ok && !exp.After(ss.now()) {
		delete(ss.m, id)
		ok = false
	}
	return ok
}

// end ends a session.
func (ss *sessions) end(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, id)
}
