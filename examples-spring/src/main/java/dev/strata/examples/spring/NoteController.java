package dev.strata.examples.spring;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /notes} (body: the note's text), {@code GET /notes}, {@code GET /dashboard}, each for
 * the user the {@code X-User} header names.
 */
@RestController
public class NoteController {

  private final NoteQueries queries;
  private final NoteCommands commands;

  /** Over the two services. */
  public NoteController(NoteQueries queries, NoteCommands commands) {
    this.queries = queries;
    this.commands = commands;
  }

  /** Adds a note; the user's next read sees it (read-your-writes per user). */
  @PostMapping("/notes")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Long> add(Principal user, @RequestBody String body) {
    return Map.of("id", commands.add(name(user), body));
  }

  /** The user's notes. */
  @GetMapping("/notes")
  public List<Note> notes(Principal user) {
    return queries.notes(name(user));
  }

  /** The user's cached dashboard. */
  @GetMapping("/dashboard")
  public Dashboard dashboard(Principal user) {
    return queries.dashboard(name(user));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  Map<String, String> badRequest(IllegalArgumentException e) {
    return Map.of("error", e.getMessage());
  }

  private static String name(Principal user) {
    if (user == null) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "name the user in the " + ExampleApplication.USER_HEADER + " header");
    }
    return user.getName();
  }
}
