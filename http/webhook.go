package http

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
)

// SignatureHeader carries the HMAC-SHA256 of a webhook body under the saved
// search's secret, as "sha256=" and the hex digest. A receiver recomputes
// it over the raw body and compares in constant time.
const SignatureHeader = "X-Rapporteur-Signature"

// Webhook delivery defaults.
const (
	DefaultWebhookInterval = 30 * time.Second
	DefaultWebhookBatch    = 50
	webhookBackoffBase     = 30 * time.Second
	webhookBackoffMax      = 6 * time.Hour
	webhookTimeout         = 15 * time.Second
	// webhookBatchesPerPass keeps one busy search from holding up the
	// others in a pass; the rest goes out in the next pass.
	webhookBatchesPerPass = 20
)

// WebhookStore is what the deliverer needs of a store: the saved
// searches, their new matches, and a place to save each one's delivery
// state.
type WebhookStore interface {
	SavedSearches(ctx context.Context) ([]*rapporteur.SavedSearch, error)
	NewMatches(ctx context.Context, savedSearchID, afterID int64, limit int) ([]*rapporteur.StoredArticle, error)
	UpdateSavedSearch(ctx context.Context, s *rapporteur.SavedSearch) error
}

// Deliverer posts the new matches of saved searches to their webhooks. Its
// state lives in the store (SavedSearch.Delivered and the delivery
// fields), so a restart neither loses nor repeats a delivered batch, and a
// failing webhook is retried with exponential backoff: 30 s, 1 min, 2 min,
// … up to 6 hours between attempts.
type Deliverer struct {
	Store WebhookStore
	// Client posts the webhooks; nil means NewWebhookClient with the
	// zero (public addresses only) policy.
	Client *http.Client
	Logger *slog.Logger
	// Interval is the time between passes; 0 means DefaultWebhookInterval.
	Interval time.Duration
	// Batch is the most articles per POST; 0 means DefaultWebhookBatch.
	Batch int
	// BaseURL, such as "https://news.example.org", makes the article links
	// of the payload absolute; "" leaves them as paths.
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// WebhookPayload is the JSON body of a webhook POST.
type WebhookPayload struct {
	Event       string           `json:"event"` // always "saved_search.matches"
	SavedSearch webhookSearch    `json:"saved_search"`
	Articles    []webhookArticle `json:"articles"`
	// Statements are the matches of a saved search over statements
	// (target "statements"), whose Articles is then empty.
	Statements []webhookStatement `json:"statements,omitempty"`
	// Sent is when this attempt was made; a retried batch has the same
	// articles and a later Sent.
	Sent time.Time `json:"sent"`
}

type webhookSearch struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Query  string `json:"query"`
	Target string `json:"target"` // "articles" or "statements"
}

type webhookArticle struct {
	ID             int64     `json:"id"`
	Title          string    `json:"title"`
	URL            string    `json:"url,omitempty"`
	Date           time.Time `json:"date"`
	Source         string    `json:"source,omitempty"`
	Language       string    `json:"language,omitempty"`
	StatementCount int       `json:"statement_count"`
	Link           string    `json:"link"` // the article's page on this server
}

// NewWebhookClient returns an HTTP client for webhooks that connects only
// to addresses the policy allows, checked on the socket right before it
// connects (so no DNS answer can point it inside), uses no proxy and
// follows no redirects.
func NewWebhookClient(p fetch.Policy) *http.Client {
	d := &net.Dialer{
		Timeout: webhookTimeout,
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !p.Allowed(ap.Addr()) {
				return rapporteur.Errorf(rapporteur.EFORBID, "webhook address %s is private, loopback or otherwise not public, refused", address)
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: webhookTimeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           d.DialContext,
			TLSHandshakeTimeout:   webhookTimeout,
			ResponseHeaderTimeout: webhookTimeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       time.Minute,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Run delivers until ctx ends, one pass per Interval, and returns nil
// then. Errors of a pass are logged; they are also saved on each search.
func (d *Deliverer) Run(ctx context.Context) error {
	interval := d.Interval
	if interval <= 0 {
		interval = DefaultWebhookInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			d.logger().Error("webhook: delivery pass", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// DeliverDue makes one pass: every saved search with a webhook whose next
// attempt is due gets its pending matches, in batches, oldest first. A
// failure is saved on the search (error count, message, next attempt) and
// does not stop the pass; the error returned is the store's, if any.
func (d *Deliverer) DeliverDue(ctx context.Context) error {
	all, err := d.Store.SavedSearches(ctx)
	if err != nil {
		return fmt.Errorf("webhook: list saved searches: %w", err)
	}
	now := d.now()
	var errs []error
	for _, ss := range all {
		if ss.WebhookURL == "" || ss.NextDelivery.After(now) {
			continue
		}
		if err := d.deliverSearch(ctx, ss); err != nil {
			errs = append(errs, err)
		}
		if ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}

// deliverSearch sends the pending matches of one search and saves its new
// state after every batch.
func (d *Deliverer) deliverSearch(ctx context.Context, ss *rapporteur.SavedSearch) error {
	batch := d.Batch
	if batch <= 0 {
		batch = DefaultWebhookBatch
	}
	for range webhookBatchesPerPass {
		m, err := d.matches(ctx, ss, batch)
		if err != nil {
			return fmt.Errorf("webhook: matches of saved search %d: %w", ss.ID, err)
		}
		if m.n == 0 {
			return nil
		}
		now := d.now()
		if err := d.post(ctx, ss, m, now); err != nil {
			if ctx.Err() != nil {
				return nil // shutting down: the batch is still pending
			}
			ss.DeliveryErrors++
			ss.LastError = err.Error()
			ss.NextDelivery = now.Add(webhookBackoff(ss.DeliveryErrors))
			d.logger().Warn("webhook: delivery failed", "saved_search", ss.ID, "errors", ss.DeliveryErrors,
				"retry", ss.NextDelivery, "err", err)
			return d.save(ss)
		}
		ss.Delivered = m.last
		ss.LastDelivery = now
		ss.DeliveryErrors = 0
		ss.LastError = ""
		ss.NextDelivery = time.Time{}
		if err := d.save(ss); err != nil {
			return err
		}
		if m.n < batch {
			return nil
		}
	}
	return nil
}

// save stores the delivery state even while shutting down, so a sent
// batch is never sent again after a restart. A search deleted meanwhile is
// no error.
func (d *Deliverer) save(ss *rapporteur.SavedSearch) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := d.Store.UpdateSavedSearch(ctx, ss)
	if rapporteur.ErrorCode(err) == rapporteur.ENOTFOUND {
		return nil
	}
	if err != nil {
		return fmt.Errorf("webhook: save state of saved search %d: %w", ss.ID, err)
	}
	return nil
}

// webhookBackoff is the wait after the n-th consecutive failure.
func webhookBackoff(n int) time.Duration {
	wait := webhookBackoffBase
	for i := 1; i < n && wait < webhookBackoffMax; i++ {
		wait *= 2
	}
	return min(wait, webhookBackoffMax)
}

// post sends one signed batch; any answer but 2xx is a failure.
func (d *Deliverer) post(ctx context.Context, ss *rapporteur.SavedSearch, m *pending, now time.Time) error {
	p := WebhookPayload{Event: "saved_search.matches", Sent: now.UTC(), Articles: []webhookArticle{},
		SavedSearch: webhookSearch{ID: ss.ID, Name: ss.Name, Query: ss.Query, Target: m.target}}
	for _, a := range m.articles {
		p.Articles = append(p.Articles, webhookArticle{ID: a.ID, Title: a.Title, URL: a.URL, Date: a.Date,
			Source: sourceName(a.Source), Language: a.Language, StatementCount: a.StatementCount,
			Link: d.BaseURL + "/articles/" + itoa(a.ID)})
	}
	for _, st := range m.statements {
		p.Statements = append(p.Statements, d.webhookStatement(st))
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ss.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "rapporteur-webhook/1")
	req.Header.Set(SignatureHeader, Sign(ss.WebhookSecret, body))
	// The delivery id names the batch: a receiver that got it once can
	// ignore a retry.
	req.Header.Set("X-Rapporteur-Delivery", fmt.Sprintf("%d-%d-%d", ss.ID, m.first, m.last))
	client := d.Client
	if client == nil {
		client = NewWebhookClient(fetch.Policy{})
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("post to webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}

// Sign returns the value of SignatureHeader for body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deliverer) logger() *slog.Logger {
	if d.Logger != nil {
		return d.Logger
	}
	return slog.New(slog.DiscardHandler)
}
