package cluster_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/cluster"
)

func ExampleKMeans() {
	X := mat.NewDense(6, 2, []float64{
		1, 2, 1, 4, 1, 0,
		10, 2, 10, 4, 10, 0,
	})
	km := &cluster.KMeans{NClusters: 2, Seed: 0}
	if err := km.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	pred, err := km.Predict(mat.NewDense(2, 2, []float64{0, 0, 12, 3}))
	if err != nil {
		log.Fatal(err)
	}
	c := km.ClusterCenters()
	fmt.Println(km)
	fmt.Printf("centre of cluster %v: %.1f\n", pred[0], mat.Row(nil, int(pred[0]), c))
	fmt.Printf("centre of cluster %v: %.1f\n", pred[1], mat.Row(nil, int(pred[1]), c))
	fmt.Printf("inertia %.1f, converged %v\n", km.Inertia(), km.Converged())
	// Output:
	// cluster.KMeans{NClusters: 2}
	// centre of cluster 0: [1.0 2.0]
	// centre of cluster 1: [10.0 2.0]
	// inertia 16.0, converged true
}

func ExampleDBSCAN() {
	X := mat.NewDense(8, 2, []float64{
		1, 2, 2, 2, 2, 3,
		8, 7, 8, 8, 7, 8,
		25, 80, 0, 30,
	})
	db := &cluster.DBSCAN{Eps: 3, MinSamples: 2}
	labels, err := db.FitPredict(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(db)
	fmt.Println("labels:", labels)
	fmt.Println("core samples:", db.CoreSampleIndices())
	// Output:
	// cluster.DBSCAN{Eps: 3, MinSamples: 2}
	// labels: [0 0 0 1 1 1 -1 -1]
	// core samples: [0 1 2 3 4 5]
}

func ExampleAgglomerativeClustering() {
	X := mat.NewDense(6, 2, []float64{
		1, 2, 1, 4, 1, 0,
		4, 2, 4, 4, 4, 0,
	})
	ag := &cluster.AgglomerativeClustering{NClusters: 2, ComputeDistances: true}
	labels, err := ag.FitPredict(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ag)
	fmt.Println("labels:", labels)
	fmt.Println("children:", ag.Children())
	fmt.Printf("distances: %.3f\n", ag.Distances())
	// Output:
	// cluster.AgglomerativeClustering{NClusters: 2, ComputeDistances: true}
	// labels: [1 1 1 0 0 0]
	// children: [[0 1] [3 5] [2 6] [4 7] [8 9]]
	// distances: [2.000 2.000 3.464 3.464 5.196]
}

func ExampleMiniBatchKMeans() {
	X := mat.NewDense(6, 2, []float64{
		1, 2, 1, 4, 1, 0,
		10, 2, 10, 4, 10, 0,
	})
	m := &cluster.MiniBatchKMeans{NClusters: 2, BatchSize: 3, Seed: 0}
	if err := m.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	pred, err := m.Predict(mat.NewDense(2, 2, []float64{0, 0, 12, 3}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)
	fmt.Println("same cluster for the two queries:", pred[0] == pred[1])
	c := m.ClusterCenters()
	fmt.Printf("centre of the first query's cluster: %.0f\n", mat.Row(nil, int(pred[0]), c))

	// Online learning, one batch at a time.
	on := &cluster.MiniBatchKMeans{NClusters: 2, Seed: 0}
	for _, batch := range []*mat.Dense{X, X, X} {
		if err := on.PartialFit(context.Background(), batch, nil); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("steps:", on.NSteps())
	// Output:
	// cluster.MiniBatchKMeans{NClusters: 2, BatchSize: 3}
	// same cluster for the two queries: false
	// centre of the first query's cluster: [1 2]
	// steps: 3
}
