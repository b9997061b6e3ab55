package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	f, err := os.Open("testdata/cars.csv")
	require.NoError(t, err)
	defer f.Close()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), f, &out))
	s := out.String()
	assert.Contains(t, s, "400 listings × 8 columns")
	assert.Contains(t, s, "fuel           16 missing")
	assert.Contains(t, s, "17 output features: num__year num__mileage_km")
	assert.Contains(t, s, "cat__transmission_manual")
	assert.Contains(t, s, "mean:   R² 0.98")
}

func TestRunBadCSV(t *testing.T) {
	err := run(context.Background(), strings.NewReader("make,price_eur\nToyota,x\n"), &bytes.Buffer{})
	assert.Error(t, err, "a price column that is not numeric is an error, not a panic")
}
