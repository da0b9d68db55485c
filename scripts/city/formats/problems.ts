import { type CityProblem, cityFiles } from '../model';

/** Problems as they are printed: file by file in the order of `cityFiles`, then by line and column, else as found. */
export function sortProblems(problems: readonly CityProblem[]): CityProblem[] {
  const files = Object.values(cityFiles) as string[];
  const rank = (file: string) => {
    const index = files.indexOf(file);
    return index < 0 ? files.length : index;
  };
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        rank(a.problem.file) - rank(b.problem.file) ||
        (a.problem.file < b.problem.file ? -1 : a.problem.file > b.problem.file ? 1 : 0) ||
        (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
        (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}
