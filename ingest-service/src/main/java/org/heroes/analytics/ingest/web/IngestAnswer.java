package org.heroes.analytics.ingest.web;

import java.util.List;
import org.heroes.analytics.eventsjson.Rejection;

/**
 * The 202 answer: how many items Kafka acknowledged, and why the others were not taken.
 *
 * @param accepted the number of items published
 * @param rejected the items refused, with their reasons
 */
record IngestAnswer(int accepted, List<Rejection> rejected) {}
