//! A unified line diff, so a stale document shows exactly which rows changed.

use std::fmt::Write as _;

/// Lines of context around each change.
const CONTEXT: usize = 2;

/// Above this many cells (lines of one side times lines of the other, after the common start and
/// end are set aside) the longest-common-subsequence table would cost too much memory; the
/// middle is then shown as all removed, then all added, which is still a correct diff.
const MAX_CELLS: usize = 4_000_000;

/// Past this many lines the diff is cut, with a count of what was left out.
const MAX_LINES: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Removed,
    Added,
}

/// The edit script from `old` to `new`: for each step, the operation and the line's index on the
/// side it comes from (the old side for `Same`).
fn script(old: &[&str], new: &[&str]) -> Vec<(Op, usize)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );

    let mut ops: Vec<(Op, usize)> = (0..prefix).map(|i| (Op::Same, i)).collect();
    if a.len().saturating_mul(b.len()) <= MAX_CELLS {
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
        let width = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i * width + j] = if a[i] == b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                ops.push((Op::Same, prefix + i));
                i += 1;
                j += 1;
            } else if j == b.len()
                || (i < a.len() && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
            {
                ops.push((Op::Removed, prefix + i));
                i += 1;
            } else {
                ops.push((Op::Added, prefix + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..a.len()).map(|i| (Op::Removed, prefix + i)));
        ops.extend((0..b.len()).map(|j| (Op::Added, prefix + j)));
    }
    ops.extend((old.len() - suffix..old.len()).map(|i| (Op::Same, i)));
    ops
}

/// A unified diff from `old` to `new` (`-` lines are only in `old`, `+` lines only in `new`), with
/// `@@ -line,count +line,count @@` hunk headers. Empty when the texts have the same lines.
pub(crate) fn unified(old: &str, new: &str) -> String {
    // Lines keep their `\n`, so a missing newline at the end of the file is a difference too.
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = script(&old, &new);

    // Line numbers on both sides before each step, to label hunks.
    let mut positions = Vec::with_capacity(ops.len() + 1);
    let (mut o, mut n) = (0, 0);
    for (op, _) in &ops {
        positions.push((o, n));
        match op {
            Op::Same => (o, n) = (o + 1, n + 1),
            Op::Removed => o += 1,
            Op::Added => n += 1,
        }
    }
    positions.push((o, n));

    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != Op::Same).collect();
    let mut out = String::new();
    let mut lines = 0;
    let mut k = 0;
    while k < changed.len() {
        // A hunk runs from the first change to the last one that is within 2 * CONTEXT unchanged
        // lines of the previous, plus the context on both sides.
        let mut end = k;
        while end + 1 < changed.len() && changed[end + 1] - changed[end] <= 2 * CONTEXT + 1 {
            end += 1;
        }
        let from = changed[k].saturating_sub(CONTEXT);
        let to = (changed[end] + CONTEXT + 1).min(ops.len());
        let (o0, n0) = positions[from];
        let (o1, n1) = positions[to];
        let label = |start: usize, count: usize| {
            // A side with no lines is labelled by the line before it, as `diff -u` does.
            if count == 0 {
                format!("{start},0")
            } else {
                format!("{},{count}", start + 1)
            }
        };
        let _ = writeln!(out, "@@ -{} +{} @@", label(o0, o1 - o0), label(n0, n1 - n0));
        for &(op, index) in &ops[from..to] {
            if lines == MAX_LINES {
                let _ = writeln!(out, "... (diff cut after {MAX_LINES} lines)");
                return out;
            }
            let (sign, line) = match op {
                Op::Same => (' ', old[index]),
                Op::Removed => ('-', old[index]),
                Op::Added => ('+', new[index]),
            };
            match line.strip_suffix('\n') {
                Some(line) => {
                    let _ = writeln!(out, "{sign}{line}");
                }
                None => {
                    let _ = writeln!(out, "{sign}{line}\n\\ No newline at end of file");
                }
            }
            lines += 1;
        }
        k = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unified;

    const NO_EOL: &str = "\\ No newline at end of file\n";

    #[test]
    fn diffs() {
        let cases: [(&str, &str, String); 7] = [
            ("a\nb\nc\n", "a\nb\nc\n", String::new()),
            (
                "a\nb\nc\n",
                "a\nX\nc\n",
                "@@ -1,3 +1,3 @@\n a\n-b\n+X\n c\n".into(),
            ),
            (
                "a\nb\n",
                "a\nb\nc\n",
                "@@ -1,2 +1,3 @@\n a\n b\n+c\n".into(),
            ),
            ("x\na\n", "a\n", "@@ -1,2 +1,1 @@\n-x\n a\n".into()),
            ("", "a\n", "@@ -0,0 +1,1 @@\n+a\n".into()),
            // Far-apart changes make separate hunks; context is two lines.
            (
                "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
                "1\nB\n3\n4\n5\n6\n7\nH\n9\n",
                "@@ -1,4 +1,4 @@\n 1\n-2\n+B\n 3\n 4\n@@ -6,4 +6,4 @@\n 6\n 7\n-8\n+H\n 9\n".into(),
            ),
            // A missing final newline is a difference, shown the way `diff -u` shows it.
            ("a\n", "a", format!("@@ -1,1 +1,1 @@\n-a\n+a\n{NO_EOL}")),
        ];
        for (old, new, expected) in cases {
            assert_eq!(unified(old, new), expected, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn long_diffs_are_cut() {
        let old = "x\n".repeat(1000);
        let new = "y\n".repeat(1000);
        let diff = unified(&old, &new);
        assert_eq!(diff.lines().count(), 1 + super::MAX_LINES + 1);
        assert!(diff.ends_with("(diff cut after 400 lines)\n"));
    }

    #[test]
    fn large_rewrites_fall_back_to_remove_then_add() {
        // 3000 x 3000 lines is past MAX_CELLS: no table is built, and the diff is still correct.
        let old: String = (0..3000).map(|i| format!("{i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("{}\n", i + 5000)).collect();
        let diff = unified(&old, &new);
        assert!(diff.starts_with("@@ -1,3000 +1,3000 @@\n-0\n-1\n"));
    }
}
