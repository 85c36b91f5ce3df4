package http

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// bidenEnv is a server with the write token over two articles: Joe Biden
// quoted twice, Hunter Biden once. It returns the env and the speakers'
// ids, Joe's first.
func bidenEnv(t *testing.T) (*testEnv, int64, int64) {
	t.Helper()
	db := openStore(t)
	put := func(a rapporteur.Article) int64 {
		res, err := db.PutArticle(context.Background(), a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		a2, err := db.Article(context.Background(), res.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a2.Statements[0].SpeakerID
	}
	joe := put(storetest.Article("https://one.example.test/joe", "Plan", "Joe Biden said the plan would work. Joe Biden added that it was cheap.", storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Joe Biden", Mention: "Joe Biden"},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "it was cheap", Cue: "added", Speaker: "Joe Biden", Mention: "Joe Biden"}))
	hunter := put(storetest.Article("https://two.example.test/hunter", "Book", "Hunter Biden said the book was done.", storetest.Day.AddDate(0, 0, 1),
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the book was done", Cue: "said", Speaker: "Hunter Biden", Mention: "Hunter Biden"}))
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), RateLimit: -1,
		CheckToken: func(tok string) bool { return tok == testToken }})
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{srv: srv, ts: httptest.NewServer(srv), store: db}
	t.Cleanup(env.ts.Close)
	return env, joe, hunter
}

var bearer = []string{"Authorization", "Bearer " + testToken}

// errorCode reads the code of an API error body.
func errorCode(t *testing.T, body string) string {
	t.Helper()
	var e apiError
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return e.Error.Code
}

// TestCorrectionsAPI: each correction endpoint answers 201 with what it
// recorded, needs the token, and refuses nonsense with a 4xx and a code.
func TestCorrectionsAPI(t *testing.T) {
	env, joe, hunter := bidenEnv(t)
	post := func(path, body string, headers []string) (int, string) {
		t.Helper()
		return env.do(t, "POST", path, "application/json", body, headers)
	}
	sp := func(id int64) string { return fmt.Sprintf("/api/v1/speakers/%d", id) }

	for _, c := range []struct {
		what, path, body string
		headers          []string
		status           int
		code             string
	}{
		{"no token", sp(hunter) + "/merge", fmt.Sprintf(`{"into": %d}`, joe), nil, 401, "unauthorized"},
		{"into itself", sp(hunter) + "/merge", fmt.Sprintf(`{"into": %d}`, hunter), bearer, 400, rapporteur.EINVALID},
		{"into nobody", sp(hunter) + "/merge", `{}`, bearer, 400, rapporteur.EINVALID},
		{"a misspelt field", sp(hunter) + "/merge", `{"intoo": 1}`, bearer, 400, rapporteur.EINVALID},
		{"an unknown speaker", sp(99999) + "/merge", fmt.Sprintf(`{"into": %d}`, joe), bearer, 404, rapporteur.ENOTFOUND},
		{"into an unknown speaker", sp(hunter) + "/merge", `{"into": 99999}`, bearer, 404, rapporteur.ENOTFOUND},
		{"a bad id", "/api/v1/speakers/x/merge", `{"into": 1}`, bearer, 404, rapporteur.ENOTFOUND},
		{"a split of nothing", sp(joe) + "/split", `{"name": "Jill Biden"}`, bearer, 400, rapporteur.EINVALID},
		{"a split to a taken name", sp(joe) + "/split", `{"name": "Hunter Biden", "aliases": ["Joe Biden"]}`, bearer, 409, rapporteur.ECONFLICT},
		{"a rename to another's name", sp(joe) + "/rename", `{"name": "Hunter Biden"}`, bearer, 409, rapporteur.ECONFLICT},
		{"a bad type", sp(joe) + "/type", `{"type": "robot"}`, bearer, 400, rapporteur.EINVALID},
		{"an unknown statement", "/api/v1/statements/99999/speaker", fmt.Sprintf(`{"speaker_id": %d}`, joe), bearer, 404, rapporteur.ENOTFOUND},
	} {
		st, body := post(c.path, c.body, c.headers)
		if st != c.status {
			t.Errorf("%s: status %d (%s), want %d", c.what, st, body, c.status)
			continue
		}
		if code := errorCode(t, body); code != c.code {
			t.Errorf("%s: code %q, want %q", c.what, code, c.code)
		}
	}

	st, body := post(sp(hunter)+"/merge", fmt.Sprintf(`{"into": %d, "by": "ana"}`, joe), bearer)
	var got rapporteur.Correction
	if err := json.Unmarshal([]byte(body), &got); err != nil || st != 201 {
		t.Fatalf("merge: %d %s", st, body)
	}
	if got.Kind != rapporteur.CorrectMerge || got.SpeakerID != hunter || got.TargetID != joe || got.By != "ana" || got.Moved != 1 {
		t.Errorf("merge answered %+v", got)
	}
	if st, body := post(sp(hunter)+"/merge", fmt.Sprintf(`{"into": %d}`, joe), bearer); st != 409 || errorCode(t, body) != rapporteur.ECONFLICT {
		t.Errorf("merging again: %d %s, want 409", st, body)
	}
	var merged rapporteur.StoredSpeaker
	if err := json.Unmarshal([]byte(httpGet(t, env.ts.URL+sp(hunter))), &merged); err != nil || merged.ID != joe || merged.StatementCount != 3 {
		t.Errorf("the merged speaker answers %+v (%v), want Joe Biden with 3 statements", merged, err)
	}

	st, body = post(sp(joe)+"/split", `{"name": "Hunter Biden", "aliases": ["Hunter Biden"]}`, bearer)
	if err := json.Unmarshal([]byte(body), &got); err != nil || st != 201 || got.TargetID == 0 || got.Moved != 1 {
		t.Fatalf("split: %d %s", st, body)
	}
	newHunter := got.TargetID
	if st, body := post(sp(newHunter)+"/rename", `{"name": "Robert Hunter Biden"}`, bearer); st != 201 {
		t.Errorf("rename: %d %s", st, body)
	}
	if st, body := post(sp(newHunter)+"/type", `{"type": "organization"}`, bearer); st != 201 {
		t.Errorf("type: %d %s", st, body)
	}
	var sts rapporteur.Page[*rapporteur.StoredStatement]
	if err := json.Unmarshal([]byte(httpGet(t, env.ts.URL+fmt.Sprintf("/api/v1/statements?speaker=%d", joe))), &sts); err != nil || len(sts.Items) != 2 {
		t.Fatalf("Joe's statements: %v, %v", sts.Items, err)
	}
	st, body = post(fmt.Sprintf("/api/v1/statements/%d/speaker", sts.Items[0].ID), fmt.Sprintf(`{"speaker_id": %d}`, newHunter), bearer)
	if err := json.Unmarshal([]byte(body), &got); err != nil || st != 201 || got.SpeakerID != joe || got.TargetID != newHunter {
		t.Errorf("reassign: %d %s", st, body)
	}

	var list rapporteur.Page[*rapporteur.Correction]
	if err := json.Unmarshal([]byte(httpGet(t, env.ts.URL+"/api/v1/corrections")), &list); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range list.Items {
		kinds = append(kinds, c.Kind)
	}
	if want := "reassign type rename split merge"; strings.Join(kinds, " ") != want {
		t.Errorf("corrections listed %q, want %q", kinds, want)
	}
	if st, _ := env.get(t, "/api/v1/corrections?speaker=x"); st != 400 {
		t.Errorf("corrections of speaker x: %d, want 400", st)
	}
}

// TestCorrectionsUI: the correction page's forms work without
// JavaScript: a merge posts, redirects to the speaker it made, says what
// happened, and is listed with who made it; mistakes show on the page
// with a 4xx.
func TestCorrectionsUI(t *testing.T) {
	env, joe, hunter := bidenEnv(t)
	correctPath := fmt.Sprintf("/speakers/%d/correct", hunter)
	if st, page := env.get(t, correctPath); st != 200 || !strings.Contains(page, "Log in") || strings.Contains(page, `action="/speakers/`) {
		t.Errorf("the correction page without a login: %d, forms shown: %v", st, strings.Contains(page, `action="/speakers/`))
	}
	cookie, csrf := login(t, env)
	if _, page := env.do(t, "GET", fmt.Sprintf("/speakers/%d", hunter), "", "", cookie); !strings.Contains(page, `href="`+correctPath+`"`) {
		t.Error("the speaker page does not link to its correction forms for a logged-in user")
	}
	st, page := env.do(t, "GET", correctPath, "", "", cookie)
	for _, form := range []string{"merge", "split", "rename", "type"} {
		if !strings.Contains(page, fmt.Sprintf(`action="/speakers/%d/%s"`, hunter, form)) {
			t.Errorf("the correction page (%d) has no %s form", st, form)
		}
	}
	postForm := func(path string, v url.Values, headers []string) (int, string, string) {
		t.Helper()
		resp := env.doResp(t, "POST", path, "application/x-www-form-urlencoded", v.Encode(), headers)
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, resp.Header.Get("Location"), b.String()
	}
	mergePath := fmt.Sprintf("/speakers/%d/merge", hunter)
	if st, _, _ := postForm(mergePath, url.Values{"into": {fmt.Sprint(joe)}}, cookie); st != 403 {
		t.Errorf("a merge without the form token: %d, want 403", st)
	}
	if st, _, page := postForm(mergePath, url.Values{"csrf": {csrf}, "into": {fmt.Sprint(hunter)}}, cookie); st != 400 || !strings.Contains(page, "cannot be merged into itself") {
		t.Errorf("a merge into itself: %d, message shown: %v", st, strings.Contains(page, "cannot be merged into itself"))
	}
	if st, _, page := postForm(mergePath, url.Values{"csrf": {csrf}, "into": {"Biden"}}, cookie); st != 400 || !strings.Contains(page, "several speakers match") {
		t.Errorf("a merge into a name two speakers share: %d, candidates shown: %v", st, strings.Contains(page, "several speakers match"))
	}
	if st, _, page := postForm(mergePath, url.Values{"csrf": {csrf}, "into": {"Nobody Atall"}}, cookie); st != 400 || !strings.Contains(page, "no speaker is called") {
		t.Errorf("a merge into a name nobody has: %d, message shown: %v", st, strings.Contains(page, "no speaker is called"))
	}
	st, loc, _ := postForm(mergePath, url.Values{"csrf": {csrf}, "into": {"joe biden"}, "by": {"Ana"}}, cookie)
	if want := fmt.Sprintf("/speakers/%d/correct?done=merge", joe); st != 303 || loc != want {
		t.Fatalf("merge: %d to %q, want 303 to %q", st, loc, want)
	}
	if _, page := env.do(t, "GET", loc, "", "", cookie); !strings.Contains(page, "Merged") {
		t.Error("the page after a merge does not say it merged")
	}
	if st, _, page := postForm(mergePath, url.Values{"csrf": {csrf}, "into": {fmt.Sprint(joe)}}, cookie); st != 409 || !strings.Contains(page, "merged into speaker") {
		t.Errorf("merging a merged speaker: %d, message shown: %v", st, strings.Contains(page, "merged into speaker"))
	}
	_, page = env.get(t, "/corrections")
	if !strings.Contains(page, "Hunter Biden</a> into <a") || !strings.Contains(page, "by Ana") {
		t.Errorf("the corrections page does not list the merge by Ana:\n%s", page)
	}

	// A statement's own form.
	var sts rapporteur.Page[*rapporteur.StoredStatement]
	if err := json.Unmarshal([]byte(httpGet(t, env.ts.URL+fmt.Sprintf("/api/v1/statements?speaker=%d", joe))), &sts); err != nil || len(sts.Items) == 0 {
		t.Fatalf("Joe's statements: %v", err)
	}
	stPath := fmt.Sprintf("/statements/%d/speaker", sts.Items[0].ID)
	if st, page := env.do(t, "GET", stPath, "", "", cookie); st != 200 || !strings.Contains(page, `action="`+stPath+`"`) {
		t.Errorf("the statement's form: %d", st)
	}
	if st, _, _ := postForm(stPath, url.Values{"csrf": {csrf}, "speaker": {"99999"}}, cookie); st != 404 {
		t.Errorf("reassigning to an unknown speaker: %d, want 404", st)
	}
	// Split it off: the statement chosen goes to a new speaker.
	st, loc, page = postForm(fmt.Sprintf("/speakers/%d/split", joe), url.Values{"csrf": {csrf}, "name": {"Jill Biden"}, "statement": {fmt.Sprint(sts.Items[0].ID)}}, cookie)
	if st != 303 || !strings.HasSuffix(loc, "/correct?done=split") {
		t.Fatalf("split: %d to %q: %s", st, loc, page)
	}
	_, page = env.do(t, "GET", loc, "", "", cookie)
	if !strings.Contains(page, "Jill Biden") || !strings.Contains(page, "1 statement") {
		t.Errorf("the split speaker's page does not show Jill Biden with 1 statement")
	}
}

// TestSpeakerRolesOverTime: a speaker's roles show with the years they
// were seen on its page, and with their dates in the API (issue 10,
// descriptions over time); the page links to its corrections, and to the
// correction forms for a logged-in user.
func TestSpeakerRolesOverTime(t *testing.T) {
	pompeo := func(url string, date time.Time, role, aff string) rapporteur.Article {
		return storetest.Article(url, "Talks", "Mike Pompeo said the talks went well.", date,
			storetest.Quote{Kind: rapporteur.Indirect, Content: "the talks went well", Cue: "said", Speaker: "Mike Pompeo",
				Mention: "Mike Pompeo", Role: role, Affiliation: aff})
	}
	_, ts := exportEnv(t,
		pompeo("https://a.example.test/1", time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC), "Director", "CIA"),
		pompeo("https://a.example.test/2", time.Date(2019, 4, 26, 0, 0, 0, 0, time.UTC), "Secretary of State", "United States"),
		pompeo("https://a.example.test/3", time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC), "Secretary of State", "United States"))
	var list rapporteur.Page[*rapporteur.StoredSpeaker]
	if err := json.Unmarshal([]byte(httpGet(t, ts.URL+"/api/v1/speakers")), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("speakers: %v %v", list.Items, err)
	}
	id := list.Items[0].ID
	var sp rapporteur.StoredSpeaker
	if err := json.Unmarshal([]byte(httpGet(t, ts.URL+fmt.Sprintf("/api/v1/speakers/%d", id))), &sp); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range sp.Roles {
		got = append(got, fmt.Sprintf("%s, %s %s–%s", r.Role, r.Affiliation, r.FirstSeen.Format("2006-01-02"), r.LastSeen.Format("2006-01-02")))
	}
	want := []string{"Secretary of State, United States 2019-04-26–2020-12-01", "Director, CIA 2017-03-01–2017-03-01"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("roles in the API: %q, want %q", got, want)
	}
	page := httpGet(t, ts.URL+fmt.Sprintf("/speakers/%d", id))
	for _, w := range []string{"Secretary of State, United States\n  · <span class=\"period\"", ">2019–2020</span>", ">Mar 2017</span>", fmt.Sprintf(`href="/corrections?speaker=%d"`, id)} {
		if !strings.Contains(page, w) {
			t.Errorf("the speaker page lacks %q", w)
		}
	}
	if strings.Contains(page, "correct this speaker") {
		t.Error("the speaker page offers corrections to a reader who is not logged in")
	}
}
