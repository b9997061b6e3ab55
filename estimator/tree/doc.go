// Package tree provides scikit-learn's decision trees: DecisionTreeClassifier and
// DecisionTreeRegressor (CART), grown by the engine in internal/cart.
package tree
