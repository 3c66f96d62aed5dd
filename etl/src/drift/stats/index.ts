/** Drift statistics of the ETL's drift report: Evidently's default tests, proven against SciPy. */
export * from './result';
export { NonFiniteValueError, type Category, type WindowSide } from './values';
export { ksTwoSample, ksTwoSampleP, ksStatistic, KS_THRESHOLD } from './ks-two-sample';
export { chiSquareTest, chiSquareStatistic, CHI_SQUARE_THRESHOLD } from './chi-square';
export { proportionsZTest, proportionsZStatistic, Z_THRESHOLD } from './z-test';
export { wassersteinDistance, normedWasserstein, populationStd, WASSERSTEIN_THRESHOLD } from './wasserstein';
export { jensenShannonDistance, jensenShannon, JENSEN_SHANNON_THRESHOLD } from './jensen-shannon';
export { psi, PSI_THRESHOLD } from './psi';
export { binnedShares, type BinnedShares } from './binning';
export { chooseTest, columnDrift, SMALL_REFERENCE_MAX_ROWS, MAX_DISTINCT_AS_CATEGORICAL, type ColumnWindows, type DefaultTestName } from './choose-test';
export { datasetDrift, DATASET_DRIFT_SHARE, type DatasetDrift } from './dataset-drift';
export { chiSquaredSf, gammaP, gammaQ, lnGamma } from './special/gamma';
export { normalCdf, normalSf } from './special/normal';
export { kolmogorovSf } from './special/kolmogorov';
export { smirnovSf } from './special/smirnov';
