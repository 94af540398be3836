package dev.strata.cache.internal;

import java.util.regex.Pattern;

/** Redis glob patterns ({@code * ? [abc] [^a] [a-z] \x}) as Java regular expressions, for matching L1 keys. */
final class Glob {

  private Glob() {}

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder(glob.length() + 8);
    boolean inClass = false;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '\\' && i + 1 < glob.length()) {
        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else if (inClass) {
        if (c == ']') {
          inClass = false;
          re.append(']');
        } else if (c == '^' && glob.charAt(i - 1) == '[') {
          re.append('^');
        } else if (c == '-') {
          re.append('-');
        } else {
          re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        }
      } else if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[' && glob.indexOf(']', i + 1) > i + 1) {
        inClass = true;
        re.append('[');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
