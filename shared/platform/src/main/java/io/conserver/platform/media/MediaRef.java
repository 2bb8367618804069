package io.conserver.platform.media;

import io.conserver.vcon.ContentHash;

/** A stored media object: its bucket key, hash, size, type and the https url vCons use for it. */
public record MediaRef(
    String key, ContentHash contentHash, long size, String contentType, String url) {}
