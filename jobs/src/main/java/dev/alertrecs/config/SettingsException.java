package dev.alertrecs.config;

/** A bad setting or argument: the message names the key and the value, and is shown as is. */
public class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}
