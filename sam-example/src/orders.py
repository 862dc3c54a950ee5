"""Order handlers of the iamspec SAM example (placeholders: the example is about access)."""


def create(event, context):
    return {"statusCode": 201}


def get(event, context):
    return {"statusCode": 200}
