package org.refvlm.core.matching;

import java.util.Random;

/** Random cost matrices of the kinds that stress an assignment solver. */
enum RandomCosts {
    UNIFORM {
        @Override
        double cell(Random random) {
            return random.nextDouble();
        }
    },
    /** Few distinct values: many tied optima. */
    SMALL_INTEGERS {
        @Override
        double cell(Random random) {
            return random.nextInt(3);
        }
    },
    NEGATIVE_AND_POSITIVE {
        @Override
        double cell(Random random) {
            return random.nextDouble() * 200 - 100;
        }
    },
    /** A third of the cells forbidden; some matrices become infeasible. */
    WITH_FORBIDDEN_CELLS {
        @Override
        double cell(Random random) {
            return random.nextInt(3) == 0 ? Double.POSITIVE_INFINITY : random.nextInt(10) - 3;
        }
    },
    /** Magnitudes from 1e-30 to 1e30 side by side. */
    MIXED_MAGNITUDES {
        @Override
        double cell(Random random) {
            double[] scales = {1e-30, 1e-3, 1, 1e3, 1e30};
            return scales[random.nextInt(scales.length)] * (1 + random.nextInt(4));
        }
    };

    abstract double cell(Random random);

    double[] matrix(Random random, int rows, int cols) {
        double[] cost = new double[rows * cols];
        for (int i = 0; i < cost.length; i++) {
            cost[i] = cell(random);
        }
        return cost;
    }
}
