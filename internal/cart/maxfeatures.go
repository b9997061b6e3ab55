package cart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/skgo/skgo/estimator"
)

// MaxFeatures strings, shared by estimator/tree and estimator/ensemble. An estimator's
// MaxFeatures field is a string:
//
//	""       the estimator's default (all features for the trees)
//	"all"    every feature (scikit-learn's None or 1.0)
//	"sqrt"   max(1, ⌊√p⌋)
//	"log2"   max(1, ⌊log2 p⌋)
//	"7"      an integer count, 1 ≤ count ≤ p (scikit-learn's int)
//	"0.5"    a fraction in (0, 1] (written with a '.' or an exponent): max(1, ⌊f·p⌋)
//
// so that "1" means one feature and "1.0" every feature, as in scikit-learn.

// ValidateMaxFeatures checks a MaxFeatures string without knowing the data; it returns
// a *estimator.ParamError for Param "MaxFeatures".
func ValidateMaxFeatures(spec string) error {
	_, _, err := parseMaxFeatures(spec)
	return err
}

// ResolveMaxFeatures turns a MaxFeatures string into a feature count for data with
// nFeatures features; def is used for "". It returns a *estimator.ParamError for an
// unknown string, a fraction outside (0, 1] or a count outside [1, nFeatures].
func ResolveMaxFeatures(spec, def string, nFeatures int) (int, error) {
	if spec == "" {
		spec = def
	}
	count, frac, err := parseMaxFeatures(spec)
	if err != nil {
		return 0, err
	}
	p := float64(nFeatures)
	switch {
	case spec == "" || spec == "all":
		return nFeatures, nil
	case spec == "sqrt":
		return max(1, int(math.Sqrt(p))), nil
	case spec == "log2":
		return max(1, int(math.Log2(p))), nil
	case count > 0:
		if count > nFeatures {
			return 0, &estimator.ParamError{Param: "MaxFeatures", Value: spec,
				Reason: fmt.Sprintf("exceeds the %d features of X", nFeatures)}
		}
		return count, nil
	}
	return max(1, int(frac*p)), nil
}

func parseMaxFeatures(spec string) (count int, frac float64, err error) {
	switch spec {
	case "", "all", "sqrt", "log2":
		return 0, 0, nil
	}
	bad := func(reason string) error {
		return &estimator.ParamError{Param: "MaxFeatures", Value: spec, Reason: reason}
	}
	if strings.ContainsAny(spec, ".eE") {
		f, perr := strconv.ParseFloat(spec, 64)
		if perr != nil || !(f > 0 && f <= 1) {
			return 0, 0, bad(`must be "", "all", "sqrt", "log2", a count >= 1 or a fraction in (0, 1]`)
		}
		return 0, f, nil
	}
	n, perr := strconv.Atoi(spec)
	if perr != nil || n < 1 {
		return 0, 0, bad(`must be "", "all", "sqrt", "log2", a count >= 1 or a fraction in (0, 1]`)
	}
	return n, 0, nil
}
