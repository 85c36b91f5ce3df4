package rapporteur

import "time"

// Note statuses (issue 15): what a newsroom concluded about a statement or
// an article. A note may have none ("").
const (
	NoteVerified   = "verified"
	NoteDisputed   = "disputed"
	NoteNeedsCheck = "needs-check"
)

// Note is a note on an article or on one of its statements, searchable
// with has:note and note:STATUS.
type Note struct {
	ID        int64 `json:"id"`
	ArticleID int64 `json:"article_id"`
	// StatementID is the statement the note is on, 0 for a note on the
	// article. A statement's note follows its words (Quote) when the
	// article is stored again and its statements get new ids.
	StatementID int64     `json:"statement_id,omitempty"`
	Quote       string    `json:"quote,omitempty"`
	Status      string    `json:"status"`
	Author      string    `json:"author"`
	Text        string    `json:"text"`
	Created     time.Time `json:"created"`
}

// ValidNoteStatus reports whether s is a note status or "".
func ValidNoteStatus(s string) bool {
	switch s {
	case "", NoteVerified, NoteDisputed, NoteNeedsCheck:
		return true
	}
	return false
}
