//! Rows summed while the logs are read (issue 14): memory grows with what the report tells
//! apart, not with the rows, so a log ten times longer costs about the same.
//!
//! A checked row adds its count to one cell: its *class* (what it counts for: the entry or
//! text, the tagged text, the channel, the language) at its *slot* (when). Downstream, times
//! are compared only by day (the window, ages, weeks, months, stray rows) and against the
//! instants entries changed (a change's before and after), so a slot is a day and, in a
//! day that holds such instants, how many of them the row follows: rows of one slot are
//! equal to every comparison made later, and summing them loses nothing. Each cell also
//! counts its rows, which the summary reports whatever their counts.
//!
//! Per slot the first and last time are kept too: stray rows are found by the gaps between
//! days (a gap of a day or more lies between the last row of one day and the first of a later
//! one), see [`Sums::stray_cutoff`].

use super::{hash_words, PrehashedMap, Target};
use crate::shared::date;
use std::hash::{Hash, Hasher};

/// When a row happened, as finely as anything after reading compares it: its day, and how
/// many of the day's [`Cuts`] are at or before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Slot {
    /// Days since the epoch.
    pub(super) day: i64,
    /// Cuts of the day at or before the row.
    pub(super) part: u32,
}

/// The instants that rows are compared with, beyond their day: when entries changed.
#[derive(Debug, Default)]
pub(super) struct Cuts(Vec<i64>);

impl Cuts {
    pub(super) fn new(instants: impl IntoIterator<Item = i64>) -> Cuts {
        let mut cuts: Vec<i64> = instants.into_iter().collect();
        cuts.sort_unstable();
        cuts.dedup();
        Cuts(cuts)
    }

    /// The slot of `time`. For a cut `c`, `time < c` exactly when `slot(time) < slot(c)`.
    pub(super) fn slot(&self, time: i64) -> Slot {
        let day = time.div_euclid(date::DAY);
        if self.0.is_empty() {
            return Slot { day, part: 0 };
        }
        let before_day = self.0.partition_point(|&c| c < day * date::DAY);
        let through = self.0.partition_point(|&c| c <= time);
        Slot { day, part: (through - before_day) as u32 }
    }
}

/// What a row counts for, apart from when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Class {
    pub(super) target: Target,
    /// See [`super::Row::tagged_text`].
    pub(super) tagged_text: u32,
    pub(super) channel: u16,
    pub(super) lang: u16,
}

impl Hash for Class {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let (kind, number) = match self.target {
            Target::Key(k) => (1u64, k),
            Target::Text(t) => (2, t),
        };
        let words = [
            kind << 32 | u64::from(number),
            u64::from(self.tagged_text) << 32 | u64::from(self.channel) << 16 | u64::from(self.lang),
        ];
        state.write_u64(hash_words(&words));
    }
}

impl Hash for Slot {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(hash_words(&[self.day as u64, u64::from(self.part)]));
    }
}

/// The rows of one class in one slot.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell {
    /// The slot's number (see [`Sums::slot`]).
    pub(super) slot: u32,
    /// Rows summed, and their counts (a full cell is followed by another of the same slot:
    /// 12 bytes a cell).
    pub(super) rows: u32,
    pub(super) count: u32,
}

/// The rows of one slot, whatever their class.
#[derive(Debug, Clone, Copy)]
pub(super) struct SlotRows {
    pub(super) slot: Slot,
    pub(super) rows: u64,
    /// The first and the last time of its rows.
    pub(super) first: i64,
    pub(super) last: i64,
}

/// Every checked row, summed.
#[derive(Default)]
pub(super) struct Sums {
    slots: Vec<SlotRows>,
    slot_numbers: PrehashedMap<Slot, u32>,
    /// Per class: its cells, ordered by slot number.
    classes: Vec<(Class, Vec<Cell>)>,
    class_numbers: PrehashedMap<Class, u32>,
}

impl Sums {
    /// Notes a row at `time` (in `slot`) and returns the slot's number.
    pub(super) fn slot(&mut self, slot: Slot, time: i64) -> u32 {
        let number = *self.slot_numbers.entry(slot).or_insert_with(|| {
            self.slots.push(SlotRows { slot, rows: 0, first: time, last: time });
            (self.slots.len() - 1) as u32
        });
        let s = &mut self.slots[number as usize];
        s.rows += 1;
        s.first = s.first.min(time);
        s.last = s.last.max(time);
        number
    }

    /// Adds one row of `count` in `class` at slot number `slot`.
    pub(super) fn add(&mut self, class: Class, slot: u32, count: u32) {
        let classes = &mut self.classes;
        let number = *self.class_numbers.entry(class).or_insert_with(|| {
            classes.push((class, Vec::new()));
            (classes.len() - 1) as u32
        });
        let cells = &mut classes[number as usize].1;
        // The last cell of the slot is the one still filling.
        let at = cells.partition_point(|c| c.slot <= slot);
        match cells.get_mut(at.wrapping_sub(1)) {
            Some(cell) if cell.slot == slot && cell.rows < u32::MAX && cell.count.checked_add(count).is_some() => {
                cell.rows += 1;
                cell.count += count;
            }
            _ => cells.insert(at, Cell { slot, rows: 1, count }),
        }
    }

    /// The slot of slot number `number`.
    pub(super) fn slot_at(&self, number: u32) -> Slot {
        self.slots[number as usize].slot
    }

    /// Every class with its cells.
    pub(super) fn classes(&self) -> impl Iterator<Item = (&Class, &[Cell])> {
        self.classes.iter().map(|(class, cells)| (class, cells.as_slice()))
    }

    /// The newest time of any row.
    pub(super) fn newest(&self) -> Option<i64> {
        self.slots.iter().filter(|s| s.rows > 0).map(|s| s.last).max()
    }

    /// Leaves out every row of a day after `day`; returns how many rows that was.
    pub(super) fn drop_after(&mut self, day: i64) -> u64 {
        let dropped: u64 = self.slots.iter().filter(|s| s.slot.day > day).map(|s| s.rows).sum();
        let slots = &self.slots;
        for (_, cells) in &mut self.classes {
            cells.retain(|c| slots[c.slot as usize].slot.day <= day);
        }
        for s in &mut self.slots {
            if s.slot.day > day {
                s.rows = 0;
            }
        }
        dropped
    }

    /// The newest time that is not a stray row's, if there are stray rows: at most 1% of the
    /// rows (at least one) lie more than a window (at most [`super::OUTLIER_GAP_DAYS`]) after
    /// all the others. The gap is a day or more, so it lies between two days: between the
    /// first row of one and the last row of the next older one.
    pub(super) fn stray_cutoff(&self, window_days: u32) -> Option<i64> {
        // Per day, newest first: rows, first and last time.
        let mut days: Vec<(i64, u64, i64, i64)> = Vec::new();
        let mut slots: Vec<&SlotRows> = self.slots.iter().filter(|s| s.rows > 0).collect();
        slots.sort_by_key(|s| std::cmp::Reverse(s.slot));
        for s in slots {
            match days.last_mut() {
                Some(d) if d.0 == s.slot.day => {
                    d.1 += s.rows;
                    d.2 = d.2.min(s.first);
                    d.3 = d.3.max(s.last);
                }
                _ => days.push((s.slot.day, s.rows, s.first, s.last)),
            }
        }
        let total: u64 = days.iter().map(|d| d.1).sum();
        if total < 2 {
            return None;
        }
        let most = (total / 100).max(1);
        let gap = i64::from(window_days.clamp(1, super::OUTLIER_GAP_DAYS)) * date::DAY;
        // Rows newer than the gap after day `j`: those of days up to `j`; at most `most`.
        let mut newer = 0;
        let mut cutoff = None;
        for pair in days.windows(2) {
            newer += pair[0].1;
            if newer > most {
                break;
            }
            // The deepest such gap: everything above it is stray.
            if pair[0].2 - pair[1].3 > gap {
                cutoff = Some(pair[1].3);
            }
        }
        cutoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sums_of(times: &[i64]) -> Sums {
        let mut sums = Sums::default();
        let cuts = Cuts::default();
        let class = Class { target: Target::Text(0), tagged_text: super::super::NO_TEXT, channel: 0, lang: 0 };
        for &t in times {
            let slot = sums.slot(cuts.slot(t), t);
            sums.add(class, slot, 1);
        }
        sums
    }

    #[test]
    fn a_few_rows_far_after_the_rest_are_stray_and_the_window_ends_before_them() {
        let day = |d: i64| d * date::DAY;
        let cutoff = |times: Vec<i64>, window| sums_of(&times).stray_cutoff(window);
        // 200 rows over 100 days, then one typo a year later: the window ends at day 99.
        let mut times: Vec<i64> = (0..200).map(|i| day(i / 2) + i * 60).collect();
        times.push(day(465));
        assert_eq!(cutoff(times.clone(), 90), Some(day(99) + 199 * 60));
        // Two typos: 1% of 202 rows is 2, both are stray.
        times.push(day(800));
        assert_eq!(cutoff(times.clone(), 90), Some(day(99) + 199 * 60));
        // A gap of less than a window (at most 30 days) is no stray row.
        assert_eq!(cutoff((0..200).map(day).chain([day(229)]).collect(), 90), None);
        assert_eq!(cutoff((0..200).map(day).chain([day(209)]).collect(), 7), Some(day(199)));
        // To the second: 7 days and 1 second after the last row is past a 7-day gap.
        assert_eq!(cutoff((0..200).map(day).chain([day(206) + 1]).collect(), 7), Some(day(199)));
        assert_eq!(cutoff((0..200).map(day).chain([day(206)]).collect(), 7), None);
        // Many rows far after the rest are no typo: the log has a gap.
        assert_eq!(cutoff((0..100).map(day).chain((0..10).map(|i| day(500 + i))).collect(), 90), None);
        assert_eq!(cutoff(vec![day(5)], 90), None);
        assert_eq!(cutoff(vec![day(5), day(500)], 90), Some(day(5)));
    }

    #[test]
    fn rows_of_one_class_and_slot_share_a_cell_and_stray_days_drop_out() {
        let day = |d: i64| d * date::DAY;
        let mut sums = sums_of(&[day(3) + 5, day(3) + 900, day(4), day(90)]);
        let cells: Vec<(u32, u32)> =
            sums.classes().flat_map(|(_, cells)| cells.iter().map(|c| (c.count, c.rows))).collect();
        assert_eq!(cells, [(2, 2), (1, 1), (1, 1)]);
        // A cell whose count would overflow is followed by another.
        let class = sums.classes().next().map(|(c, _)| *c).expect("a class");
        let slot = sums.slot(Slot { day: 3, part: 0 }, 3 * date::DAY);
        sums.add(class, slot, u32::MAX);
        let day3: Vec<u32> =
            sums.classes().flat_map(|(_, cells)| cells.iter().filter(|c| c.slot == slot).map(|c| c.count)).collect();
        assert_eq!(day3, [2, u32::MAX]);
        assert_eq!(sums.newest(), Some(day(90)));
        assert_eq!(sums.drop_after(4), 1);
        assert_eq!(sums.newest().map(|t| t.div_euclid(date::DAY)), Some(4));
    }

    #[test]
    fn a_slot_tells_which_side_of_each_cut_a_row_is() {
        let day = |d: i64| d * date::DAY;
        let cuts = Cuts::new([day(2) + 100, day(2) + 50, day(5)]);
        assert_eq!(cuts.slot(day(2)), Slot { day: 2, part: 0 });
        assert_eq!(cuts.slot(day(2) + 50), Slot { day: 2, part: 1 });
        assert_eq!(cuts.slot(day(2) + 99), Slot { day: 2, part: 1 });
        assert_eq!(cuts.slot(day(2) + 100), Slot { day: 2, part: 2 });
        assert_eq!(cuts.slot(day(3)), Slot { day: 3, part: 0 });
        for (t, c) in [(day(2) + 60, day(2) + 100), (day(2) + 100, day(2) + 50), (day(4), day(5)), (day(5), day(5))] {
            assert_eq!(t < c, cuts.slot(t) < cuts.slot(c), "{t} against {c}");
        }
    }
}
