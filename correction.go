package rapporteur

import "time"

// The kinds of a user's correction of the speakers (issue 10).
const (
	// CorrectMerge merges SpeakerID into TargetID: its statements and
	// names become TargetID's, and its address leads there.
	CorrectMerge = "merge"
	// CorrectSplit moves some names (Aliases) and statements (Statements)
	// of SpeakerID to a new speaker called Name, of type Type.
	CorrectSplit = "split"
	// CorrectRename gives SpeakerID the display name Name.
	CorrectRename = "rename"
	// CorrectType gives SpeakerID the type Type (person or organization),
	// which the registry then keeps.
	CorrectType = "type"
	// CorrectReassign gives the one statement in Statements the speaker
	// TargetID.
	CorrectReassign = "reassign"
)

// CorrectionKinds are the kinds of correction, in the order the UI offers
// them.
var CorrectionKinds = []string{CorrectMerge, CorrectSplit, CorrectRename, CorrectType, CorrectReassign}

// Correction is a user's correction of the speakers, kept as data so that
// it is applied again whenever the speakers are worked out again
// (re-extraction, a registry update, re-linking). As a request, Kind,
// SpeakerID and the fields of the kind are set (see the Correct*
// constants); as stored, all of them.
type Correction struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
	// SpeakerID is the speaker corrected; for a reassign, the statement's
	// speaker before (0 when it had none).
	SpeakerID int64 `json:"speaker_id,omitempty"`
	// TargetID is the speaker merged into, the speaker a split made, or
	// the speaker a statement was reassigned to.
	TargetID int64 `json:"target_id,omitempty"`
	// SpeakerName and TargetName are the speakers' names when the
	// correction was made (set by the store).
	SpeakerName string `json:"speaker_name,omitempty"`
	TargetName  string `json:"target_name,omitempty"`
	// Name is the new name (rename) or the new speaker's name (split);
	// OldName the name before a rename.
	Name    string `json:"name,omitempty"`
	OldName string `json:"old_name,omitempty"`
	// Type is the new type (type, split).
	Type string `json:"type,omitempty"`
	// Aliases are the names a split moves: every statement quoted under
	// one of them goes, now and when articles are read again.
	Aliases []string `json:"aliases,omitempty"`
	// Statements are the statements a split or a reassign moves, by id at
	// the time.
	Statements []int64 `json:"statements,omitempty"`
	// Moved is how many statements the correction moved when it was made.
	Moved int `json:"moved"`
	// By says who made it: the name given with the request, else the way
	// it came ("api", "web").
	By      string    `json:"by"`
	Created time.Time `json:"created"`
}

// CorrectionFilter selects corrections, newest first.
type CorrectionFilter struct {
	// SpeakerID keeps the corrections that name the speaker (as the one
	// corrected or as the target); 0 keeps all.
	SpeakerID int64
	Cursor    string
	Limit     int
}

// ReapplyResult counts what re-applying the stored corrections did.
type ReapplyResult struct {
	Corrections int `json:"corrections"` // read
	// Changed is how many changed something (the others were in effect
	// already); Skipped how many no longer apply (their speakers or
	// statements are gone).
	Changed int `json:"changed"`
	Skipped int `json:"skipped"`
}

// QuotedName is a name a speaker's statements were quoted under, with how
// many (copies included): what a split can move.
type QuotedName struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}
