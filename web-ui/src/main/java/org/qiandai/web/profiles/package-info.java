/**
 * Victim profiling for analysts: the profiling-run API and pages (start a run, watch it, read its profiles, score a person,
 * turn a profile into a segment draft).
 */
package org.qiandai.web.profiles;
