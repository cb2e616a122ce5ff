package org.qiandai.campaign.bulletins;

/** Where a draft case stands: waiting for review, confirmed (a case record now), or discarded. */
public enum DraftStatus { DRAFT, CONFIRMED, DISCARDED }
