package nn

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
)

const (
	checkpointMagic   = "skgo.checkpoint\x00"
	checkpointVersion = 1
)

// checkpointSections are the sections of a checkpoint, in order.
var checkpointSections = []string{"meta", "weights", "optimizer", "rng"}

// checkpointMeta is the JSON "meta" section: what identifies the run and where it is.
type checkpointMeta struct {
	Arch         string    // describe(Net)
	NParams      int       // layer.NumParams(Net)
	Rule         string    // "%T" and JSON of the resolved rule
	Schedule     string    // "%T" and JSON of Schedule ("" when nil)
	StepSchedule bool      //
	BatchSize    int       // resolved
	AccumSteps   int       // resolved
	Epoch        int       // epochs completed
	LossCurve    []float64 // per completed epoch
}

// fingerprint describes a rule or schedule by type and fields.
func fingerprint(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%T (%v)", v, err)
	}
	return fmt.Sprintf("%T %s", v, b)
}

func (t *Trainer) meta() checkpointMeta {
	return checkpointMeta{Arch: describe(t.Net), NParams: layer.NumParams(t.Net),
		Rule: fingerprint(resolveRule(t.Optimizer)), Schedule: fingerprint(t.Schedule), StepSchedule: t.StepSchedule,
		BatchSize: t.batch(), AccumSteps: t.accum(), Epoch: t.epoch, LossCurve: slices.Clone(t.history)}
}

// SaveCheckpoint writes everything a resumed run needs: the network's weights and
// buffers (layer.MarshalWeights), the optimiser's state, step count and learning
// rate (optim.Optimizer.MarshalBinary), the generator's state, the epochs completed
// and their losses, and, to be checked on load, a description of the network, its
// parameter count, the rule, the schedule, StepSchedule, BatchSize and AccumSteps.
//
// The format is the magic "skgo.checkpoint\0", a little-endian uint32 version (1),
// four sections (meta as JSON, weights, optimizer, rng), each a uint32 name length,
// the name, a uint64 length and the bytes, and the SHA-256 of everything before it.
// Saving before the first epoch writes the initial state.
func (t *Trainer) SaveCheckpoint(w io.Writer) error {
	if err := t.init(); err != nil {
		return err
	}
	meta, err := json.Marshal(t.meta())
	if err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
	}
	weights, err := layer.MarshalWeights(t.Net)
	if err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
	}
	opt, err := t.opt.MarshalBinary()
	if err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
	}
	rng, err := t.pcg.MarshalBinary()
	if err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
	}
	h := sha256.New()
	mw := io.MultiWriter(w, h)
	var hdr []byte
	hdr = append(hdr, checkpointMagic...)
	hdr = binary.LittleEndian.AppendUint32(hdr, checkpointVersion)
	if _, err := mw.Write(hdr); err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
	}
	for i, sec := range [][]byte{meta, weights, opt, rng} {
		name := checkpointSections[i]
		var sh []byte
		sh = binary.LittleEndian.AppendUint32(sh, uint32(len(name)))
		sh = append(sh, name...)
		sh = binary.LittleEndian.AppendUint64(sh, uint64(len(sec)))
		if _, err := mw.Write(sh); err != nil {
			return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
		}
		if _, err := mw.Write(sec); err != nil {
			return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
		}
	}
	if _, err := w.Write(h.Sum(nil)); err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpoint: %w", err)
	}
	return nil
}

// SaveCheckpointFile writes the checkpoint to path atomically: to a temporary file
// in the same directory, synced, then renamed over path, so an interrupted save
// never leaves a partial checkpoint under path.
func (t *Trainer) SaveCheckpointFile(path string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.part")
	if err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpointFile: %w", err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err = t.SaveCheckpoint(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpointFile: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpointFile: %w", err)
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("nn.Trainer.SaveCheckpointFile: %w", err)
	}
	return nil
}

// LoadCheckpointFile restores the checkpoint at path (see LoadCheckpoint).
func (t *Trainer) LoadCheckpointFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("nn.Trainer.LoadCheckpointFile: %w", err)
	}
	defer f.Close()
	return t.LoadCheckpoint(f)
}

// checkpointLimit bounds the bytes LoadCheckpoint reads for the Trainer's network:
// the weights and up to three optimiser buffers per parameter in float32, plus room
// for paths, shapes and headers.
func (t *Trainer) checkpointLimit() int64 {
	ps, bs := layer.NamedParams(t.Net), layer.Buffers(t.Net)
	var vals, tensors int64
	for _, p := range ps {
		vals += 4 * int64(p.Param.Value.Len())
	}
	for _, b := range bs {
		vals += int64(b.Tensor.Len())
	}
	tensors = int64(len(ps) + len(bs))
	return 4*vals + 1024*tensors + 1<<20
}

// LoadCheckpoint restores what SaveCheckpoint wrote into this Trainer, whose Net
// must be built by the same code and whose Optimizer, Schedule, StepSchedule,
// BatchSize and AccumSteps must be those of the saved run (resuming with others
// would not continue that run). Training then continues exactly where the saved run
// stopped: the next TrainEpoch is the saved run's next epoch, with the same
// shuffling, augmentation, learning rate and optimiser state.
//
// A checkpoint is untrusted input. LoadCheckpoint reads at most what the network's
// size allows, checks the SHA-256 trailer, the magic, version and sections, then
// that the description and parameter count of the network and the settings match,
// then decodes the optimiser state (its sizes must match the parameters) and the
// generator into fresh values, and last the weights (layer.UnmarshalWeights checks
// every path and shape before copying), which must be finite. Any failure returns
// an error wrapping estimator.ErrState (with layer.ErrArchitecture or optim.ErrState
// when those decoders refuse) and leaves the Trainer and its network unchanged.
func (t *Trainer) LoadCheckpoint(r io.Reader) (err error) {
	const name = "nn.Trainer.LoadCheckpoint"
	if err := t.init(); err != nil {
		return err
	}
	defer guard(name, &err)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w", name, fmt.Sprintf(format, args...), estimator.ErrState)
	}
	limit := t.checkpointLimit()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return bad("more than the %d bytes a checkpoint of this network can hold", limit)
	}
	if !bytes.HasPrefix(b, []byte(checkpointMagic)) {
		return bad("not an skgo checkpoint")
	}
	if len(b) < len(checkpointMagic)+4+sha256.Size {
		return bad("truncated")
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return bad("SHA-256 mismatch: the file is truncated or corrupt")
	}
	p := body[len(checkpointMagic):]
	if v := binary.LittleEndian.Uint32(p); v != checkpointVersion {
		return bad("unsupported version %d", v)
	}
	p = p[4:]
	secs := make([][]byte, len(checkpointSections))
	for i, want := range checkpointSections {
		if len(p) < 4 {
			return bad("truncated before section %q", want)
		}
		nl := uint64(binary.LittleEndian.Uint32(p))
		p = p[4:]
		if nl != uint64(len(want)) || uint64(len(p)) < nl+8 || string(p[:nl]) != want {
			return bad("section %d is not %q", i, want)
		}
		p = p[nl:]
		sl := binary.LittleEndian.Uint64(p)
		p = p[8:]
		if sl > uint64(len(p)) {
			return bad("section %q is truncated", want)
		}
		secs[i], p = p[:sl], p[sl:]
	}
	if len(p) != 0 {
		return bad("%d trailing bytes", len(p))
	}

	var meta checkpointMeta
	dec := json.NewDecoder(bytes.NewReader(secs[0]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&meta); err != nil {
		return bad("meta: %v", err)
	}
	cur := t.meta()
	for _, c := range []struct {
		what        string
		saved, have any
	}{
		{"network", meta.Arch, cur.Arch}, {"parameter count", meta.NParams, cur.NParams},
		{"Optimizer", meta.Rule, cur.Rule}, {"Schedule", meta.Schedule, cur.Schedule},
		{"StepSchedule", meta.StepSchedule, cur.StepSchedule}, {"BatchSize", meta.BatchSize, cur.BatchSize},
		{"AccumSteps", meta.AccumSteps, cur.AccumSteps},
	} {
		if c.saved != c.have {
			err := bad("the checkpoint's %s is %v, this Trainer's is %v", c.what, c.saved, c.have)
			if c.what == "network" || c.what == "parameter count" {
				err = fmt.Errorf("%w: %w", err, layer.ErrArchitecture)
			}
			return err
		}
	}
	if meta.Epoch < 0 || meta.Epoch > math.MaxInt32 || len(meta.LossCurve) != meta.Epoch {
		return bad("%d epochs with %d losses", meta.Epoch, len(meta.LossCurve))
	}
	if err := estimator.CheckFinite("LossCurve", meta.LossCurve...); err != nil {
		return bad("%v", err)
	}

	opt := optim.Setup(resolveRule(t.Optimizer), layer.Params(t.Net))
	opt.Schedule = t.Schedule
	if err := opt.UnmarshalBinary(secs[2]); err != nil {
		return fmt.Errorf("%s: %w: %w", name, err, estimator.ErrState)
	}
	if lr := opt.LR(); !(lr >= 0) || math.IsInf(lr, 0) || opt.Steps() < 0 {
		return bad("optimizer: learning rate %v after %d steps", lr, opt.Steps())
	}
	pcg := new(rand.PCG)
	if err := pcg.UnmarshalBinary(secs[3]); err != nil {
		return bad("rng: %v", err)
	}

	old, err := layer.MarshalWeights(t.Net)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := layer.UnmarshalWeights(t.Net, secs[1]); err != nil {
		return fmt.Errorf("%s: %w: %w", name, err, estimator.ErrState)
	}
	if err := checkWeights(t.Net); err != nil {
		if rerr := layer.UnmarshalWeights(t.Net, old); rerr != nil {
			return errors.Join(bad("weights: %v", err), rerr)
		}
		return bad("weights: %v", err)
	}
	t.opt, t.pcg, t.rng = opt, pcg, rand.New(pcg)
	t.tapes = map[int]*autograd.Tape{}
	t.epoch, t.history = meta.Epoch, meta.LossCurve
	return nil
}
