package http

import (
	"strings"
	"testing"
)

// TestArticleNoEmptyRelated: an article with no wire copies and no other
// article in its story has no related section on its page (an empty one
// drew a stray rule under the article's details).
func TestArticleNoEmptyRelated(t *testing.T) {
	env := newEnv(t, nil)
	status, body := env.get(t, "/articles/1")
	if status != 200 {
		t.Fatalf("article page: %d", status)
	}
	if strings.Contains(body, `class="related"`) {
		t.Errorf("an article alone in its story has a related section")
	}
}
