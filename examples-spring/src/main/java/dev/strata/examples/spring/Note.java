package dev.strata.examples.spring;

/**
 * One note.
 *
 * @param id    its id
 * @param owner the user who wrote it
 * @param body  its text
 */
public record Note(long id, String owner, String body) {}
