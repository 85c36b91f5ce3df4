package canon

import "testing"

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.COM/a/b?x=1#frag", "https://example.com/a/b?x=1"},
		{"HTTP://example.com:80/path", "http://example.com/path"},
		{"https://example.com:443", "https://example.com/"},
		{"https://example.com:8443/x", "https://example.com:8443/x"},
		{"https://example.com/x?utm_source=tw&utm_medium=social&id=7", "https://example.com/x?id=7"},
		{"https://example.com/x?fbclid=abc&gclid=def&mc_cid=1&mc_eid=2", "https://example.com/x"},
		{"https://example.com/x?b=2&a=1&a=0", "https://example.com/x?a=1&a=0&b=2"},
		{"https://example.com/x?UTM_Campaign=z&q=a%20b", "https://example.com/x?q=a%20b"},
		{"https://user:pw@example.com./x?", "https://example.com/x"},
		{"https://[::1]:443/x", "https://[::1]/x"},
		{"  https://example.com/news/2022/09/01/story.html  ", "https://example.com/news/2022/09/01/story.html"},
	}
	for _, tt := range tests {
		got, err := URL(tt.in)
		if err != nil {
			t.Errorf("URL(%q): %v", tt.in, err)
		} else if got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLRejects(t *testing.T) {
	for _, in := range []string{"", "example.com/x", "ftp://example.com/x", "javascript:alert(1)", "https:///x", "http://%zz"} {
		if got, err := URL(in); err == nil {
			t.Errorf("URL(%q) = %q, want an error", in, got)
		}
	}
}

func TestURLIdempotent(t *testing.T) {
	for _, in := range []string{"https://Example.com:443/a?utm_x=1&b=2&a=1#f", "http://example.com"} {
		once, err := URL(in)
		if err != nil {
			t.Fatal(err)
		}
		twice, err := URL(once)
		if err != nil || twice != once {
			t.Errorf("URL(URL(%q)) = %q, %v; want %q", in, twice, err, once)
		}
	}
}

func TestSourceHost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.BBC.co.uk/news/1", "bbc.co.uk"},
		{"http://example.com:8080/", "example.com"},
		{"not a url", ""},
	}
	for _, tt := range tests {
		if got := SourceHost(tt.in); got != tt.want {
			t.Errorf("SourceHost(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHash(t *testing.T) {
	a := Hash("Title", "Some  text\nhere.")
	if b := Hash("title", " some text here. "); a != b {
		t.Errorf("case and spacing change the hash")
	}
	if b := Hash("Title", "Some text there."); a == b {
		t.Errorf("different text, same hash")
	}
	if b := Hash("Title Some", "text here."); a == b {
		t.Errorf("moving a word from the title to the text keeps the hash")
	}
}

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Agnès Callamard", "agnes callamard"},
		{"AGNES  CALLAMARD", "agnes callamard"},
		{"O’Brien", "obrien"},
		{"Jean-Luc Mélenchon", "jean luc melenchon"},
		{" Dr. John Smith Jr. ", "dr john smith jr"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://Example.COM/a?utm_source=x&b=1#f", "http://[::1]:80/", "https://a.b/%zz?x=%", "http://h/?&&a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once, err := URL(s)
		if err != nil {
			return
		}
		twice, err := URL(once)
		if err != nil {
			t.Fatalf("URL(%q) = %q, which fails: %v", s, once, err)
		}
		if twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
	})
}

func TestInitials(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"united nations", "un"},
		{"world health organization", "who"},
		{"amnesty", ""},
		{"", ""},
		{"организация объединённых наций", "оон"},
	} {
		if got := Initials(tt.in); got != tt.want {
			t.Errorf("Initials(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
