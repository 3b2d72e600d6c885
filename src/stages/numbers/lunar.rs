//! Lunar (农历) month-day → Gregorian date, through the `chinese-lunisolar-calendar` crate
//! (data for lunisolar years 1901–2100).
//!
//! Which lunar year a printed month-day belongs to: the lunar year that began in the issue
//! year (正月初七 in a 2022 issue is 2022-02-07). That holds for 腊月 and 冬月 too, so
//! 腊月二十三 in a 2022 issue is 2023-01-25: without the month we cannot tell a look
//! back at last winter from a look ahead, and the rule is at least predictable. The one
//! exception is 大年三十 (除夕), which names the eve of the issue year's Spring Festival.

use chinese_lunisolar_calendar::{LunisolarDate, LunisolarYear, SolarYear};

/// The Gregorian date of lunar `month`/`day` of the lunar year starting in `year`.
pub fn to_gregorian(year: i32, month: u8, leap: bool, day: u8) -> Option<(i32, u32, u32)> {
    let y = u16::try_from(year).ok()?;
    let date = LunisolarDate::from_ymd(y, month, leap, day).ok()?;
    let solar = date.to_solar_date();
    Some((
        i32::from(solar.to_solar_year().to_u16()),
        u32::from(solar.to_solar_month().to_u8()),
        u32::from(solar.to_solar_day().to_u8()),
    ))
}

/// The last day of the twelfth lunar month of the lunar year starting in `year`.
pub fn new_years_eve(year: i32) -> Option<(i32, u32, u32)> {
    let y = u16::try_from(year).ok()?;
    let lunisolar = LunisolarYear::from_solar_year(SolarYear::from_u16(y)).ok()?;
    let last = chinese_lunisolar_calendar::LunarMonth::from_u8_with_leap(12, false)
        .ok()?
        .get_total_days(lunisolar)?;
    to_gregorian(year, 12, false, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spring_festivals() {
        assert_eq!(to_gregorian(2022, 1, false, 1), Some((2022, 2, 1)));
        assert_eq!(to_gregorian(2023, 1, false, 1), Some((2023, 1, 22)));
        assert_eq!(to_gregorian(2024, 1, false, 1), Some((2024, 2, 10)));
        assert_eq!(to_gregorian(2025, 1, false, 1), Some((2025, 1, 29)));
    }

    #[test]
    fn other_days() {
        assert_eq!(to_gregorian(2022, 1, false, 7), Some((2022, 2, 7)));
        // 2023 has a leap second month; 闰二月初一 is 2023-03-22.
        assert_eq!(to_gregorian(2023, 2, true, 1), Some((2023, 3, 22)));
        assert_eq!(to_gregorian(2022, 2, true, 1), None);
        // 除夕 before the 2024 Spring Festival (腊月廿九 of 2023, a short month).
        assert_eq!(new_years_eve(2023), Some((2024, 2, 9)));
        assert_eq!(to_gregorian(2023, 12, false, 30), Some((2024, 2, 9)));
        // Lunar 2024's 腊月 has 29 days: no 年三十 before the 2025 Spring Festival.
        assert_eq!(new_years_eve(2024), Some((2025, 1, 28)));
        assert_eq!(to_gregorian(2024, 12, false, 30), None);
        assert_eq!(to_gregorian(1800, 1, false, 1), None);
    }
}
