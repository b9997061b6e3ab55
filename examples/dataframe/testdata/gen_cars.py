"""Generates cars.csv: 400 used-car listings with numeric and string columns and
missing cells, for examples/dataframe. Plain Python 3 (no numpy); deterministic.

    python3 examples/dataframe/testdata/gen_cars.py > examples/dataframe/testdata/cars.csv

Price model (in EUR): a base price per make, depreciation per year of age and per
10 000 km, premiums for engine size, diesel/electric and automatic gearboxes, and
multiplicative noise. About 6% of mileage, 8% of engine sizes and 4% of fuel types
are left empty, as in scraped listings.
"""
import csv
import math
import random
import sys

rng = random.Random(20261122)
makes = {  # base price new, typical engine litres
    "Toyota": (24000, 1.6), "Volkswagen": (26000, 1.6), "Ford": (22000, 1.5),
    "BMW": (42000, 2.0), "Renault": (19000, 1.3), "Skoda": (21000, 1.5),
    "Tesla": (48000, 0.0),
}
fuels = ["petrol", "diesel", "hybrid"]
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["make", "fuel", "transmission", "year", "mileage_km", "engine_l", "owners", "price_eur"])
for i in range(400):
    make = rng.choice(list(makes))
    base, eng = makes[make]
    if make == "Tesla":
        fuel, engine, trans = "electric", 0.0, "automatic"
    else:
        fuel = rng.choices(fuels, weights=[6, 3, 1])[0]
        engine = round(max(1.0, rng.gauss(eng, 0.3)), 1)
        trans = "automatic" if rng.random() < (0.7 if make == "BMW" else 0.35) else "manual"
    year = rng.randint(2008, 2025)
    age = 2026 - year
    mileage = max(500, int(rng.gauss(14000 * age, 5000 + 2500 * age)))
    owners = 1 + min(4, int(rng.expovariate(1 / (0.25 * age + 0.3))))
    price = base * math.exp(-0.09 * age) * math.exp(-0.018 * mileage / 10000)
    price *= 1 + 0.12 * (engine - eng) + (0.06 if fuel == "diesel" else 0) + (0.05 if fuel == "hybrid" else 0)
    price *= 1.07 if trans == "automatic" else 1.0
    price *= 1 - 0.03 * (owners - 1)
    price *= math.exp(rng.gauss(0, 0.08))
    row = [make, fuel, trans, year, mileage, engine, owners, int(round(price, -1))]
    if rng.random() < 0.06:
        row[4] = ""
    if make != "Tesla" and rng.random() < 0.08:
        row[5] = ""
    if rng.random() < 0.04:
        row[1] = ""
    w.writerow(row)
