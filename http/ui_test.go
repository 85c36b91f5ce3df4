package http

import (
	"net/url"
	"testing"
)

// TestLocalPath: the login's next= must stay on this site however a
// browser reads it. Browsers drop tabs and newlines inside a URL and read
// a backslash as a slash, so "/\t/host" and "/\host" are "//host", another
// site; a proxy or a browser may also unescape the path first.
func TestLocalPath(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"/ok?x=1", "/ok?x=1"},
		{"/search?q=a%20b", "/search?q=a%20b"},
		{"/search?q=a+b&tab=statements", "/search?q=a+b&tab=statements"},
		{"/feeds", "/feeds"},
		{"/", "/"},
		{"/articles/12#s-3", "/articles/12#s-3"},
		{"", "/"},
		{"//evil.test", "/"},
		{"///evil.test", "/"},
		{"/\\evil.test", "/"},
		{"\\\\evil.test", "/"},
		{"/\t/evil.test", "/"},
		{"/\n/evil.test", "/"},
		{"/\r/evil.test", "/"},
		{"/ok\x00", "/"},
		{"\x00//evil.test", "/"},
		{"/ok\n", "/"},
		{"/ok\x7f", "/"},
		{"/ok\\..\\evil", "/"},
		{"/%09/evil.test", "/"},
		{"/%0a/evil.test", "/"},
		{"/%00", "/"},
		{"%2F%2Fevil.test", "/"},
		{"/%2F/evil.test", "/"},
		{"/%2f/evil.test", "/"},
		{"/%5Cevil.test", "/"},
		{"/%5cevil.test", "/"},
		{"/ok?x=%5C", "/"},
		{"/ok?x=%0d%0aSet-Cookie:x", "/"},
		{"/ok%", "/"}, // a broken escape
		{"https://evil.test", "/"},
		{"https:/evil.test", "/"},
		{"http:evil.test", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.test", "/"},
		{" /ok", "/"},
		{"\t/ok", "/"},
		{"ok", "/"},
		{"../ok", "/"},
	}
	for _, tt := range tests {
		got := localPath(tt.in)
		if got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if u, err := url.Parse(got); err != nil || u.Host != "" || u.Scheme != "" {
			t.Errorf("localPath(%q) = %q is not a plain local path", tt.in, got)
		}
	}
}

// TestLoginRedirect: the login goes to a clean next= and to / otherwise.
func TestLoginRedirect(t *testing.T) {
	env := newEnv(t, nil)
	for next, want := range map[string]string{
		"/saved":          "/saved",
		"/search?q=a%20b": "/search?q=a%20b",
		"/\t/evil.test":   "/",
		"/%09/evil.test":  "/",
		"//evil.test":     "/",
		"":                "/",
	} {
		form := url.Values{"token": {testToken}, "next": {next}}.Encode()
		resp := env.doResp(t, "POST", "/login", "application/x-www-form-urlencoded", form, nil)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != want {
			t.Errorf("login with next=%q: %d to %q, want 303 to %q", next, resp.StatusCode, loc, want)
		}
	}
}
