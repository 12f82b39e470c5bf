def lambda_handler(event, context):
    name = event.get('name') or 'world'
    return {'message': f'Hello, {name}!', 'polite': True}
