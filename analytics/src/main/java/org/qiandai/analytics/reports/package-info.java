/** Reports: the dashboard's figures as a workbook or CSV file, and weekly reports a leader schedules, kept for download. */
@org.springframework.modulith.NamedInterface("reports")
package org.qiandai.analytics.reports;
