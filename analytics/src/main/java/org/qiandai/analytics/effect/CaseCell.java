package org.qiandai.analytics.effect;

/**
 * The cases of one month that share every attribute a target group can be defined by (district, gender, occupation,
 * education, age) and their fraud type: how many, and what they lost. Never a case: no case number, date or note.
 */
record CaseCell(String district, String fraudType, String gender, String occupation, String education, Integer age, long cases,
                double losses) {
}
