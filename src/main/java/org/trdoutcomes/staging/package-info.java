/**
 * Everything about the rows a run keeps between its steps, in one place: the work folder of a run, the bucket a
 * patient falls in, the binary format of staged trials, patients and patient results, the writers that truncate to
 * their last committed position on restart, and the cleanup once a report is published. See docs/architecture.md
 * ("The data path").
 */
package org.trdoutcomes.staging;
