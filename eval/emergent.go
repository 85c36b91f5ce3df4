package eval

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// Emergent (Ferreira & Vlachos 2016, ../shared/data/emergent) pairs a
// rumoured claim with news headlines about it, each labelled with its
// stance: for, against or observing. It is evaluation data only; its
// licence allows no product use.

// EmergentRow is one headline of the Emergent CSV.
type EmergentRow struct {
	Claim, Headline, Stance, ClaimID string
}

// emergentTestClaims are the 60 claims of Ferreira & Vlachos's test split
// (the claimId of every row listed in output/url-versions-2015-06-14-clean-
// test-correct.csv and -test-errors.csv of github.com/willferreira/mscproject,
// the authors' code): the split their 73.3 % accuracy is measured on. The
// other 240 claims are the training split.
var emergentTestClaims = fieldSet(`
0fe84c40-9ffa-11e4-a353-5b831fe927be 10a1faa0-c0fc-11e4-8747-5b024dd6dd6c 19c0e260-b777-11e4-8507-b58af63d1078
1f363b20-a9b5-11e4-9a23-0b6010caa867 26440980-1bd3-11e4-8c09-cd48fe37674e 2f6cee90-8afb-11e4-beeb-cde7b534e8de
365b0910-c360-11e4-9435-a96703525a9e 398f7210-2d60-11e4-89c5-1d389b94bc4b 41fa3090-c282-11e4-8747-5b024dd6dd6c
420c6cd0-9a71-11e4-bf59-1bb8b99952ce 47e788a0-8f96-11e4-9799-c7e75be2bcad 484a5f20-4e19-11e4-949b-f14041b20838
4d949950-78b7-11e4-b794-93ed794d7b91 4da6ba00-b097-11e4-9a23-0b6010caa867 557a5250-565b-11e4-aaf5-a1ddcfbcd5a9
567bf500-905d-11e4-9799-c7e75be2bcad 6285fbc0-c352-11e4-8747-5b024dd6dd6c 62f34cb0-a57b-11e4-aa4f-ff16e52e0d56
6bb89eb0-b2df-11e4-9a23-0b6010caa867 6c3b2070-bd38-11e4-b073-ed15c88bfa1e 6c9f9f20-9a7c-11e4-bf59-1bb8b99952ce
6cd79030-c7fc-11e4-883c-a7fa7a3c5066 74b32120-553d-11e4-b6a0-9705a8f94440 7ca09170-93bc-11e4-b6bf-fdc8b7e3bcff
7eb58360-5e35-11e4-a887-2324afc3f9a8 840a03a0-47e1-11e4-9960-a165dd517bbb 84c1ce90-b163-11e4-9a23-0b6010caa867
8abf8540-8133-11e4-8faa-9748b2fc07a1 8ae82d40-c2ad-11e4-8747-5b024dd6dd6c 94f13db0-c43b-11e4-883c-a7fa7a3c5066
9b111e40-c1b1-11e4-8747-5b024dd6dd6c 9b30e4a0-c67a-11e4-883c-a7fa7a3c5066 9bc3bc00-9478-11e4-b6bf-fdc8b7e3bcff
9def6130-c1c0-11e4-8747-5b024dd6dd6c 9e769320-8797-11e4-a13d-d9bce527941d 9e828ea0-c36f-11e4-9435-a96703525a9e
a66e7780-a7c9-11e4-aa4f-ff16e52e0d56 ab9f8ca0-771b-11e4-94c6-4131d5b705e4 ad50fae0-87ea-11e4-adc5-33f8455b16a2
b0c274d0-4f1c-11e4-949b-f14041b20838 b31aa1e0-6b45-11e4-b528-9d5aa2d2e8e7 b33be880-5a0d-11e4-aaf5-a1ddcfbcd5a9
beae1520-19cc-11e4-88ab-e7f7e0fff656 c1c13540-67af-11e4-b528-9d5aa2d2e8e7 c38db880-27e0-11e4-96be-dfc0d1eebaea
c800c930-96b1-11e4-87a8-1d5d45e62193 ce44add0-4e5d-11e4-949b-f14041b20838 d4016430-96dc-11e4-87a8-1d5d45e62193
d47fa5d0-a58b-11e4-aa4f-ff16e52e0d56 d4abb8a0-8b91-11e4-9799-c7e75be2bcad d76acf10-33a1-11e4-8453-710264d9a1f8
d8f964a0-bd25-11e4-b073-ed15c88bfa1e dd492230-c274-11e4-8747-5b024dd6dd6c e21f7e90-33cb-11e4-8453-710264d9a1f8
e31f4890-6d35-11e4-8e10-b9c720c188ba f3b0d960-6ffd-11e4-8e10-b9c720c188ba f44f2ea0-9cd3-11e4-bf59-1bb8b99952ce
f45dd0b0-c34b-11e4-8747-5b024dd6dd6c f577f310-8d70-11e4-9799-c7e75be2bcad f7f23480-c36b-11e4-9435-a96703525a9e
`)

func fieldSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// EmergentSplits are the splits ReadEmergent selects.
var EmergentSplits = []string{"test", "train", "all"}

// ReadEmergent reads the Emergent CSV and returns the rows of split: test
// (Ferreira & Vlachos's 60 test claims), train (the other claims) or all.
func ReadEmergent(path, split string) ([]EmergentRow, error) {
	if split != "test" && split != "train" && split != "all" {
		return nil, fmt.Errorf("emergent: split %q: want test, train or all", split)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("emergent: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, h := range []string{"claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("emergent: no column %q", h)
		}
	}
	var out []EmergentRow
	for n := 2; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("emergent: line %d: %w", n, err)
		}
		row := EmergentRow{Claim: rec[col["claimHeadline"]], Headline: rec[col["articleHeadline"]],
			Stance: rec[col["articleHeadlineStance"]], ClaimID: rec[col["claimId"]]}
		if _, ok := emergentStances[row.Stance]; !ok {
			return nil, fmt.Errorf("emergent: line %d: unknown stance %q", n, row.Stance)
		}
		test := emergentTestClaims[row.ClaimID]
		if split == "all" || (split == "test") == test {
			out = append(out, row)
		}
	}
	return out, nil
}

// emergentStances maps Emergent's stances to the act a headline with that
// stance performs on the claim.
var emergentStances = map[string]string{
	"for":       rapporteur.ActConfirm,
	"against":   rapporteur.ActDeny,
	"observing": rapporteur.ActAssert,
}

// EmergentResult is the headline-stance score.
type EmergentResult struct {
	Split    string         `json:"split"`
	Rows     int            `json:"rows"`
	Accuracy Accuracy       `json:"accuracy"`
	PerClass map[string]PRF `json:"per_class"` // by Emergent stance
	MacroF1  float64        `json:"macro_f1"`
	Confused map[string]int `json:"confusion"` // "gold→pred" stances
	Errors   []EmergentRow  `json:"-"`         // Stance holds "gold→pred"
}

// ScoreEmergent maps each headline to an act with headline and scores it
// against the gold stance (for = confirm, against = deny, observing =
// assert).
func ScoreEmergent(rows []EmergentRow, split string, headline func(headline, claim string) string) EmergentResult {
	res := EmergentResult{Split: split, Rows: len(rows), PerClass: map[string]PRF{}, Confused: map[string]int{}}
	stanceOf := map[string]string{}
	for s, a := range emergentStances {
		stanceOf[a] = s
	}
	per := map[string]*PRF{"for": {}, "against": {}, "observing": {}}
	for _, r := range rows {
		pred := stanceOf[headline(r.Headline, r.Claim)]
		if pred == "" {
			pred = "for" // an act beyond the three (accuse, criticize …) states something
		}
		ok := pred == r.Stance
		res.Accuracy.count(ok)
		per[r.Stance].Gold++
		per[pred].Pred++
		if ok {
			per[pred].Matched++
			per[pred].MatchedPred++
		} else {
			res.Confused[r.Stance+"→"+pred]++
			e := r
			e.Stance = r.Stance + "→" + pred
			res.Errors = append(res.Errors, e)
		}
	}
	res.Accuracy.finish()
	for s, p := range per {
		p.finish()
		res.PerClass[s] = *p
		res.MacroF1 += p.F1 / 3
	}
	return res
}
