"""Payment worker of the iamspec SAM example (a placeholder: the example is about access)."""


def handle(event, context):
    return None
