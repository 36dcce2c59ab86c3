package io.lightcloud.monitoring.channel;

import tools.jackson.databind.JsonNode;

/** Sends one message on one type of channel. */
public interface ChannelSender {
    Channel.Type type();

    /** Checks a channel's settings when it is created or changed; throws a 400 ApiException naming the field. */
    void validate(JsonNode config);

    void send(Channel channel, Message message, AlertNotification notification) throws DeliveryException;
}
