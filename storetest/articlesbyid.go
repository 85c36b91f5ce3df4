package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// ArticlesReader is a store that reads several stored articles by id in
// one call: a job queue's linker reads the articles of a link job (up to
// 64) together (package storylink, LinkStored).
type ArticlesReader interface {
	rapporteur.Store
	ArticlesByID(ctx context.Context, ids []int64) ([]*rapporteur.StoredArticle, error)
}

// OpenArticlesReader returns a new, empty store for one test.
type OpenArticlesReader func(t *testing.T) ArticlesReader

// RunArticlesByID runs the contract of ArticlesByID: the articles come in
// the order asked, each as Article returns it (text, statements, credits,
// links); no ids give none; an id not stored is ENOTFOUND.
func RunArticlesByID(t *testing.T, open OpenArticlesReader) {
	s := open(t)
	defer s.Close()
	first := put(t, s, zhang("https://news.example.com/world/xinjiang"))
	plain := Article("https://other.example.org/weather", "Rain in Geneva", "It rained in Geneva on Tuesday, the weather service said.", Day)
	second := put(t, s, plain)
	if err := s.LinkArticle(ctx, second.ID, rapporteur.ArticleLink{StoryKey: "geneva-weather", StoryTitle: "Weather"}); err != nil {
		t.Fatal(err)
	}
	ids := []int64{second.ID, first.ID}
	got, err := s.ArticlesByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("ArticlesByID(%v): %d articles", ids, len(got))
	}
	for i, id := range ids {
		want, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("article %d of ArticlesByID(%v):\n got %+v\nwant %+v (Article)", i, ids, got[i], want)
		}
	}
	if got[0].StoryID == 0 {
		t.Errorf("a linked article has no story: %+v", got[0])
	}
	if len(got[1].Statements) != 4 || len(got[1].Credits) != 2 {
		t.Errorf("the Zhang article: %d statements, %d credits, want 4 and 2", len(got[1].Statements), len(got[1].Credits))
	}
	if none, err := s.ArticlesByID(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("ArticlesByID(nil) = %d articles, %v", len(none), err)
	}
	_, err = s.ArticlesByID(ctx, []int64{first.ID, first.ID + second.ID + 100})
	wantCode(t, "an id not stored", err, rapporteur.ENOTFOUND)
}
